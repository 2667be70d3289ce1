package io.spoabouncer.adapter.haproxymaps;

import io.spoabouncer.ports.out.DecisionView;
import io.spoabouncer.ports.out.GeoLocator;
import io.spoabouncer.ports.out.HostPolicies;
import io.spoabouncer.ports.spi.DecisionMirror;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps HAProxy's decision map equal to the decisions held, on its own thread (never an event loop):
 * the map file written atomically on disk (an HAProxy that starts or reloads while the agent is down
 * loads the last decisions), then each HAProxy's Runtime API brought up to date. A first sync, or a
 * large change, replaces the whole map atomically ({@code prepare map}, batched {@code add map @ver},
 * {@code commit map @ver}); a small one is sent as {@code add}/{@code set}/{@code del} commands. An
 * HAProxy that refuses or drops the connection is retried with capped backoff, the others go on.
 * Entries leave the map when their decisions expire. A second, small map gives HAProxy each host's
 * captcha signing key (see {@link CaptchaKeyEntries}), replaced whole when a reload changes the hosts; its
 * file is readable by its owner only.
 */
final class HaproxyMapSync implements DecisionMirror {
    private static final Logger log = LoggerFactory.getLogger(HaproxyMapSync.class);
    private static final Pattern VERSION = Pattern.compile("New version created: (\\d+)");

    private final MapSyncSettings settings;
    private final DecisionView decisions;
    private final GeoLocator geo;
    private final HostPolicies hosts;
    private final List<Target> targets = new ArrayList<>();
    private volatile boolean running;
    private Thread thread;

    /** One HAProxy: what it holds (as far as we know) and when to try again. */
    private static final class Target {
        final RuntimeApi api;
        Map<String, String> held;
        Map<String, String> heldKeys;
        long retryAtMillis;
        long backoffMillis;

        Target(RuntimeApi api) {
            this.api = api;
        }
    }

    HaproxyMapSync(MapSyncSettings settings, DecisionView decisions, GeoLocator geo, HostPolicies hosts) {
        this.settings = settings;
        this.decisions = decisions;
        this.geo = geo;
        this.hosts = hosts;
        for (String a : settings.runtimeApis()) {
            targets.add(new Target(new RuntimeApi(a, settings.timeout())));
        }
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "haproxy-maps");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long seen = -1;
        long geoSeen = -1;
        long nextExpiry = Long.MAX_VALUE;
        Map<String, String> entries = Map.of();
        Map<String, String> keys = null;
        List<?> hostsSeen = null;
        java.util.Set<String> unusable = new java.util.HashSet<>();
        while (running) {
            long now = io.spoabouncer.domain.time.SteadyClock.SYSTEM.getAsLong(); // the store's clock: expiries agree
            long generation = decisions.generation();
            long geoVersion = geo.version();
            boolean changed = generation != seen || geoVersion != geoSeen || now >= nextExpiry;
            if (changed) {
                long t0 = System.nanoTime();
                MapEntries.Built built = MapEntries.build(decisions, geo, now);
                log.debug("haproxy-maps: {} entries built in {} ms", built.entries().size(), (System.nanoTime() - t0) / 1_000_000);
                geoSeen = geoVersion;
                entries = built.entries();
                nextExpiry = built.nextExpiryMillis();
                seen = generation;
                writeFile(settings.mapFile(), entries, "the decisions held", "rw-r--r--");
            }
            // A reload replaces the host list whole: the keys map is rebuilt only when the list is another one.
            if (settings.captchaKeysFile() != null && hosts.current() != hostsSeen) {
                hostsSeen = hosts.current();
                Map<String, String> nextKeys = CaptchaKeyEntries.build(hosts.current(), pattern -> {
                    if (unusable.add(pattern)) {
                        log.warn("haproxy-maps: host '{}': its captcha signing-key has spaces or characters outside printable ASCII, so HAProxy"
                                + " cannot check its cookies while the agent is down; use such a key to let it", pattern);
                    }
                });
                if (!nextKeys.equals(keys)) {
                    keys = nextKeys;
                    writeFile(settings.captchaKeysFile(), keys, "each host's captcha signing key (secret)", "rw-------");
                }
            }
            for (Target t : targets) {
                if ((!Objects.equals(t.held, entries) || keys != null && !keys.equals(t.heldKeys)) && now >= t.retryAtMillis) {
                    sync(t, entries, keys, now);
                }
            }
            try {
                TimeUnit.MILLISECONDS.sleep(settings.interval().toMillis()); // polls the store's generation: cheap
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sync(Target t, Map<String, String> entries, Map<String, String> keys, long now) {
        try {
            if (!Objects.equals(t.held, entries)) {
                if (t.held == null || changes(t.held, entries) > Math.max(settings.batch(), entries.size() / 10)) {
                    full(t.api, settings.mapFile().toString(), entries);
                } else {
                    delta(t.api, t.held, entries);
                }
                t.held = entries;
            }
            if (keys != null && !keys.equals(t.heldKeys)) {
                syncKeys(t, keys);
            }
            t.backoffMillis = 0;
        } catch (IOException | RuntimeException e) {
            if (!running) {
                return; // stopping: the interrupted call says nothing about HAProxy
            }
            String why = String.valueOf(e.getMessage());
            if (e instanceof UnknownMapException) {
                why += ": haproxy-maps.map-file must be the path haproxy.cfg's map_ip() names, written the same way";
            }
            if (why.contains("Permission denied") || why.contains("Access denied")) {
                why += " (the agent's user needs write access to the socket: on Debian, adduser spoa-bouncer haproxy)";
            }
            t.held = null; // unknown now: the next attempt replaces the whole map
            t.heldKeys = null;
            t.backoffMillis = t.backoffMillis == 0 ? 500 : Math.min(t.backoffMillis * 2, 30_000);
            t.retryAtMillis = now + t.backoffMillis;
            log.warn("haproxy-maps: {}: {}; retrying in {} ms (HAProxy keeps the map it has)", t.api.address(), why, t.backoffMillis);
        }
    }

    private static int changes(Map<String, String> before, Map<String, String> after) {
        int n = 0;
        for (Map.Entry<String, String> e : after.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                n++;
            }
        }
        for (String k : before.keySet()) {
            if (!after.containsKey(k)) {
                n++;
            }
        }
        return n;
    }

    /**
     * The captcha keys map, always replaced whole (a few lines). An HAProxy whose config does not name it
     * (a config from before it existed) is told once; its decision map is kept in sync all the same.
     */
    private void syncKeys(Target t, Map<String, String> keys) throws IOException {
        String map = settings.captchaKeysFile().toString();
        try {
            full(t.api, map, keys);
        } catch (UnknownMapException e) {
            log.warn("haproxy-maps: {}: {}; HAProxy cannot check captcha cookies without the agent until its config loads it"
                    + " (the shipped configs do), or set haproxy-maps.captcha-keys-file = \"\"", t.api.address(), e.getMessage());
        }
        t.heldKeys = keys;
    }

    /** HAProxy does not know a map by the name given. */
    static final class UnknownMapException extends IOException {
        UnknownMapException(String map) {
            super("HAProxy has no map named " + map);
        }
    }

    /** The whole map as a new version, invisible to traffic until committed; entries are added in their iteration order. */
    private void full(RuntimeApi api, String map, Map<String, String> entries) throws IOException {
        String prepared = api.send("prepare map " + map, null);
        Matcher m = VERSION.matcher(prepared);
        if (!m.find()) {
            if (prepared.contains("Unknown map")) {
                // HAProxy knows a map by the path its config names: the two must be written alike.
                throw new UnknownMapException(map);
            }
            throw new IOException("prepare map: " + prepared.trim());
        }
        String version = m.group(1);
        StringBuilder batch = new StringBuilder();
        int lines = 0;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            batch.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
            if (++lines == settings.batch()) {
                expectEmpty(api.send("add map @" + version + " " + map, batch.toString()), "add map");
                batch.setLength(0);
                lines = 0;
            }
        }
        if (lines > 0) {
            expectEmpty(api.send("add map @" + version + " " + map, batch.toString()), "add map");
        }
        expectEmpty(api.send("commit map @" + version + " " + map, null), "commit map");
        log.info("haproxy-maps: {}: {}: {} entries published (version {})", api.address(), map, entries.size(), version);
    }

    /** A small change: del, set and add commands, several per connection. */
    private void delta(RuntimeApi api, Map<String, String> before, Map<String, String> after) throws IOException {
        String map = settings.mapFile().toString();
        List<String> commands = new ArrayList<>();
        for (String k : before.keySet()) {
            if (!after.containsKey(k)) {
                commands.add("del map " + map + " " + k);
            }
        }
        for (Map.Entry<String, String> e : after.entrySet()) {
            String old = before.get(e.getKey());
            if (old == null) {
                commands.add("add map " + map + " " + e.getKey() + " " + e.getValue());
            } else if (!old.equals(e.getValue())) {
                commands.add("set map " + map + " " + e.getKey() + " " + e.getValue());
            }
        }
        for (int i = 0; i < commands.size(); i += 50) {
            String line = String.join(";", commands.subList(i, Math.min(commands.size(), i + 50)));
            expectEmpty(api.send(line, null), "map update refused");
        }
        log.debug("haproxy-maps: {}: {} changes", api.address(), commands.size());
    }

    private static void expectEmpty(String answer, String what) throws IOException {
        if (!answer.isBlank()) {
            throw new IOException(what + ": " + answer.trim());
        }
    }

    /** key value lines, written to a temporary file (with its final permissions) and renamed over the map file. */
    private void writeFile(Path file, Map<String, String> entries, String what, String permissions) {
        if (file == null || !settings.writeFile()) {
            return;
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            StringBuilder b = new StringBuilder(entries.size() * 24);
            b.append("# spoa-bouncer: ").append(what).append(" (written at each change; loaded by HAProxy at start)\n");
            entries.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
            Files.writeString(tmp, b, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(permissions));
            } catch (UnsupportedOperationException notPosix) {
                // the file system's defaults then
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("haproxy-maps: cannot write {}: {}", file, e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String describe() {
        return settings.enabled() ? "HAProxy map sync (" + settings.mapFile() + " on " + settings.runtimeApis() + ")"
                : "HAProxy map sync (off: haproxy-maps.enabled = false; the shipped configs' fail-safe map stays empty,"
                        + " so bans do not hold while the agent is down)";
    }
}
