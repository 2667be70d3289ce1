package io.spoabouncer.app;

import io.spoabouncer.app.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload, on SIGHUP and when the config file or the hosts directory changes: the new file is
 * validated whole (an agent is created from it, exactly as --check-config does, and never started); a bad
 * one is refused with the same messages and the running configuration stays. What can change while
 * running is applied (hosts, captcha, AppSec, the file source's list, the log level); other changed keys
 * are named as needing a restart. Connections are never dropped.
 *
 * <p>A file change is reloaded only once the files have been left unchanged for {@link #SETTLE_NANOS}: an
 * editor or a copy writes the file in place, and caught between truncating and writing it is empty or cut
 * short, which HOCON often takes as valid (all defaults, or half the hosts), and would be applied.
 */
public final class Reloader {
    private static final Logger log = LoggerFactory.getLogger(Reloader.class);

    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long POLL_MILLIS = 500;

    private final Path file;
    private final Agent running;
    private final LongSupplier nanoTime;
    private String stamp;
    /** A change seen but not yet settled, and since when (nanoTime). */
    private String pendingStamp;
    private long pendingSince;

    public Reloader(Path file, Agent running) {
        this(file, running, System::nanoTime);
    }

    /** With the clock the settling is timed on (tests move it). */
    public Reloader(Path file, Agent running, LongSupplier nanoTime) {
        this.file = file;
        this.running = running;
        this.nanoTime = nanoTime;
        this.stamp = stamp();
    }

    /** What happened, for the log and the tests. */
    public record Result(boolean applied, List<String> problems, List<String> needRestart) {
    }

    public synchronized Result reload(String why) {
        // The files as this reload reads them: the watch does not reload them again (after a SIGHUP, say).
        stamp = stamp();
        pendingStamp = null;
        Agent candidate;
        try {
            candidate = Agent.create(ConfigLoader.parseUserFile(file));
        } catch (RuntimeException e) {
            List<String> problems = e.getMessage() == null ? List.of(e.toString()) : e.getMessage().lines().toList();
            log.error("reload ({}): {} is not valid; the running configuration stays:", why, file);
            problems.forEach(p -> log.error("  {}", p));
            return new Result(false, problems, List.of());
        }
        try {
            List<String> restart = running.reloadFrom(candidate);
            if (!restart.isEmpty()) {
                log.warn("reload ({}): changed, but applied only after a restart: {}", why, restart);
            }
            log.info("reload ({}): configuration reloaded from {}", why, file);
            return new Result(true, List.of(), restart);
        } catch (RuntimeException e) {
            log.error("reload ({}): cannot apply {}: {}; the running configuration stays", why, file, e.toString());
            return new Result(false, List.of(e.toString()), List.of());
        } finally {
            candidate.close();
        }
    }

    /** SIGHUP reloads (the signal API is the JDK's unsupported one: without it, only file changes do). */
    void onSighup() {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> new Thread(() -> reload("SIGHUP"), "reload").start());
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            log.warn("SIGHUP cannot be handled here ({}): edit the config file to reload", e.toString());
        }
    }

    /**
     * One look at the config file and the hosts directory: reloads when they changed and have since been
     * left unchanged for a second; null when it did not reload.
     */
    public synchronized Result poll() {
        String now = stamp();
        if (now.equals(stamp)) {
            pendingStamp = null;
            return null;
        }
        long t = nanoTime.getAsLong();
        if (!now.equals(pendingStamp)) {
            if (pendingStamp == null) {
                log.debug("config changed: reloading once it has been unchanged for a second");
            }
            pendingStamp = now;
            pendingSince = t;
            return null;
        }
        if (t - pendingSince < SETTLE_NANOS) {
            return null;
        }
        return reload("file changed");
    }

    /** Polls the file and the hosts directory twice a second. */
    void watch() {
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "config-watch");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(() -> {
            try {
                poll();
            } catch (RuntimeException e) {
                log.error("config watch: unexpected error", e);
            }
        }, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private String stamp() {
        StringBuilder b = new StringBuilder();
        try {
            b.append(Files.getLastModifiedTime(file)).append('/').append(Files.size(file));
            String dir = running.effective().hasPath("http.hosts-dir") ? running.effective().getString("http.hosts-dir").trim() : "";
            if (!dir.isEmpty() && Files.isDirectory(Path.of(dir))) {
                try (Stream<Path> s = Files.list(Path.of(dir))) {
                    for (Path p : s.sorted().toList()) {
                        b.append(';').append(p.getFileName()).append('=').append(Files.getLastModifiedTime(p)).append('/').append(Files.size(p));
                    }
                }
            }
        } catch (IOException e) {
            b.append("unreadable");
        }
        return b.toString();
    }
}
