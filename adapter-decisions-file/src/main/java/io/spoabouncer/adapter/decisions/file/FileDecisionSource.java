package io.spoabouncer.adapter.decisions.file;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.ports.out.DecisionSink;
import io.spoabouncer.ports.spi.DecisionSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decisions from files, re-read when they change (checked every poll interval). Each file's last good
 * read stays in force: a file that disappears, cannot be read, is over its size bound, changes while
 * being read, or does not parse keeps its previous decisions. The source publishes the union of its
 * files as one atomic replace.
 *
 * <p>A changed file is read only once it has settled: left unchanged for the settle time, by its own
 * modification time or by this source's clock. A file rewritten in place is truncated, then written;
 * read between the two it would say "no decisions" and let every client it bans through.
 */
public final class FileDecisionSource implements DecisionSource, io.spoabouncer.ports.spi.Reconfigurable {
    private static final Logger log = LoggerFactory.getLogger(FileDecisionSource.class);

    private final String name;
    private volatile List<FileSpec> files;
    private final Duration pollInterval;
    private final long maxFileBytes;
    private final DecisionSink sink;
    private final DecisionFactory factory;
    private final Map<FileSpec, List<Decision>> current = new LinkedHashMap<>();
    private final Map<FileSpec, Stamp> stamps = new LinkedHashMap<>();
    /** Changed files waiting to settle, with when this source first saw them in that state. */
    private final Map<FileSpec, Pending> pending = new LinkedHashMap<>();
    private final long settleNanos;
    private final LongSupplier wallMillis;
    private final LongSupplier nanoTime;
    /** Read again at the next poll: the file changed while it was being read. */
    private static final List<Decision> RETRY = java.util.Collections.unmodifiableList(new ArrayList<>());
    private ScheduledExecutorService poller;
    private volatile boolean loaded;

    FileDecisionSource(String name, List<FileSpec> files, Duration pollInterval, Duration settle, long maxFileBytes,
            DecisionSink sink, DecisionFactory factory) {
        this(name, files, pollInterval, settle, maxFileBytes, sink, factory, System::currentTimeMillis, System::nanoTime);
    }

    FileDecisionSource(String name, List<FileSpec> files, Duration pollInterval, Duration settle, long maxFileBytes,
            DecisionSink sink, DecisionFactory factory, LongSupplier wallMillis, LongSupplier nanoTime) {
        this.name = name;
        this.settleNanos = settle.toNanos();
        this.wallMillis = wallMillis;
        this.nanoTime = nanoTime;
        this.files = List.copyOf(files);
        this.pollInterval = pollInterval;
        this.maxFileBytes = maxFileBytes;
        this.sink = sink;
        this.factory = factory;
    }

    @Override
    public void start() {
        for (FileSpec f : files) {
            current.put(f, List.of());
            if (!Files.exists(f.path())) {
                log.warn("decisions file {} does not exist (yet): it will be read as soon as it appears", f.path().toAbsolutePath());
            }
        }
        poll();
        awaitSettled();
        loaded = true;
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "decisions-" + name);
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::pollSafely, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private long polls;

    /**
     * At start, files still being written are waited for (a few settle times at most), so the agent does
     * not start without their decisions; one that keeps changing is read once it settles.
     */
    private void awaitSettled() {
        // Real time, as the sleeps are: the injected clock only judges whether a file has settled.
        long deadline = System.nanoTime() + STARTUP_SETTLE_ROUNDS * settleNanos;
        long step = Math.max(1, Math.min(pollInterval.toMillis(), settleNanos / 1_000_000 / 4));
        while (hasPending() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(step);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            poll();
        }
        synchronized (this) {
            for (FileSpec f : pending.keySet()) {
                log.warn("decisions file {} is still changing after {} ms; its decisions apply once it has been unchanged for "
                        + "decisions.{}.settle-time", f.path(), STARTUP_SETTLE_ROUNDS * settleNanos / 1_000_000, name);
            }
        }
    }

    private static final int STARTUP_SETTLE_ROUNDS = 5;

    private synchronized boolean hasPending() {
        return !pending.isEmpty();
    }

    /**
     * A new list of files (hot reload): files no longer listed drop their decisions, new ones are read at
     * the next poll. The poll interval and size bound need a restart.
     */
    @Override
    public synchronized void reconfigure(io.spoabouncer.ports.spi.Settings settings) {
        List<FileSpec> next = FileDecisionsPlugin.specs(settings);
        boolean removed = current.keySet().removeIf(f -> !next.contains(f));
        stamps.keySet().removeIf(f -> !next.contains(f));
        pending.keySet().removeIf(f -> !next.contains(f));
        files = List.copyOf(next);
        if (removed) {
            List<Decision> all = new ArrayList<>();
            current.values().forEach(all::addAll);
            sink.replace(all);
        }
        log.info("decisions source {}: now reading {} file(s)", name, files.size());
        poll();
    }

    /** Polls done so far: tests wait on it instead of sleeping. */
    synchronized long polls() {
        return polls;
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.error("decisions source {}: unexpected error while polling files", name, e);
        }
    }

    /** Re-reads every changed file and publishes the union if anything changed. */
    synchronized void poll() {
        polls++;
        boolean changed = false;
        for (FileSpec f : files) {
            Stamp stamp = stamp(f);
            if (stamp == null || stamp.equals(stamps.get(f))) {
                pending.remove(f);
                continue;
            }
            if (!settled(f, stamp)) {
                continue;
            }
            pending.remove(f);
            List<Decision> read = read(f, stamp);
            if (read == RETRY) {
                continue;
            }
            sink.pulled(read != null);
            // A broken file is not read again (nor logged again) until it changes.
            stamps.put(f, stamp);
            if (read != null) {
                current.put(f, read);
                changed = true;
            }
        }
        if (changed) {
            List<Decision> all = new ArrayList<>();
            current.values().forEach(all::addAll);
            sink.replace(all);
            log.info("decisions source {}: {} decisions from {} file(s)", name, sink.size(), files.size());
        }
    }

    /**
     * Whether a changed file can be read: its modification time is a settle time old, or this source has
     * seen it unchanged for that long (a clock that disagrees with the file system's cannot hold it back).
     */
    private boolean settled(FileSpec f, Stamp stamp) {
        if (settleNanos == 0 || (wallMillis.getAsLong() - stamp.modifiedMillis()) * 1_000_000 >= settleNanos) {
            return true;
        }
        long now = nanoTime.getAsLong();
        Pending p = pending.get(f);
        if (p == null) {
            log.debug("decisions file {} changed; reading it once it has been unchanged for {} ms", f.path(), settleNanos / 1_000_000);
            p = new Pending(stamp, now, now, false);
        } else if (!p.stamp().equals(stamp)) {
            p = new Pending(stamp, now, p.firstSeen(), p.warned());
        } else if (now - p.since() >= settleNanos) {
            return true;
        }
        if (!p.warned() && now - p.firstSeen() >= STILL_CHANGING_WARNING * settleNanos) {
            log.warn("decisions file {} has kept changing for {} s; its previous decisions stay in force until it is left "
                    + "unchanged for {} ms (decisions.{}.settle-time)", f.path(), (now - p.firstSeen()) / 1_000_000_000L,
                    settleNanos / 1_000_000, name);
            p = new Pending(stamp, p.since(), p.firstSeen(), true);
        }
        pending.put(f, p);
        return false;
    }

    /** A file changing for this many settle times in a row is named in the log (once). */
    private static final int STILL_CHANGING_WARNING = 10;

    /** What tells a changed file: modification time, size, and identity (a file moved over it). */
    private record Stamp(long modifiedMillis, long size, Object fileKey) {
    }

    /** Unchanged since {@code since}; changing since {@code firstSeen}; {@code warned}: the log said so. */
    private record Pending(Stamp stamp, long since, long firstSeen, boolean warned) {
    }

    private static Stamp stamp(FileSpec f) {
        try {
            BasicFileAttributes a = Files.readAttributes(f.path(), BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().toMillis(), a.size(), a.fileKey());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            log.warn("decisions file {}: cannot stat: {}", f.path(), e.toString());
            return null;
        }
    }

    /** The file's decisions; null to keep the previous ones (the reason is logged); {@link #RETRY}. */
    private List<Decision> read(FileSpec f, Stamp stamp) {
        ParseResult result = new ParseResult(f.path().toString());
        try {
            long size = Files.size(f.path());
            if (size > maxFileBytes) {
                log.error("decisions file {}: {} bytes (expected: <= {}, decisions.{}.max-file-bytes); keeping its previous decisions",
                        f.path(), size, maxFileBytes, name);
                return null;
            }
            long fileTime = Files.getLastModifiedTime(f.path()).toMillis();
            try (InputStream raw = Files.newInputStream(f.path());
                 BufferedReader in = new BufferedReader(new java.io.InputStreamReader(raw, StandardCharsets.UTF_8), 64 * 1024)) {
                in.mark(4096);
                char[] head = new char[4096];
                int n = in.read(head);
                in.reset();
                FileFormat format = f.effectiveFormat(n <= 0 ? "" : new String(head, 0, n));
                switch (format) {
                    case JSON: JsonDecisionParser.parse(in, f, fileTime, factory, name, result); break;
                    case CSV: CsvParser.parse(in, f, fileTime, factory, name, result); break;
                    default: PlainListParser.parse(in, f, fileTime, factory, name, result);
                }
            }
            if (!stamp.equals(stamp(f))) {
                log.info("decisions file {} changed while being read; reading it again at the next poll", f.path());
                return RETRY;
            }
        } catch (IOException e) {
            log.error("decisions file {}: cannot read: {}; keeping its previous decisions", f.path(), e.getMessage());
            return null;
        }
        if (result.rejected() > 0) {
            sink.rejected(result.rejected());
        }
        log.info("decisions file {}: {} decisions read, {} skipped", f.path(), result.decisions.size(), result.rejected());
        return result.decisions;
    }

    @Override
    public boolean isLoaded() {
        return loaded;
    }

    @Override
    public void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    @Override
    public String describe() {
        return "decision source '" + name + "' (files " + files.stream().map(f -> f.path().toString()).toList()
                + ", " + sink.size() + " decisions, checked every " + pollInterval.toMillis() + "ms)";
    }
}
