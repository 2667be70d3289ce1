package io.spoabouncer.adapter.haproxymaps;

import io.spoabouncer.ports.spi.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code haproxy-maps}: where the map lives and which HAProxies to keep in sync. */
record MapSyncSettings(boolean enabled, List<String> runtimeApis, Path mapFile, Path captchaKeysFile, boolean writeFile, int batch,
                       Duration interval, Duration timeout) {
    static MapSyncSettings from(Settings s) {
        boolean enabled = s.bool("enabled");
        List<String> apis = s.strings("runtime-api");
        for (String a : apis) {
            if (!a.startsWith("unix:") && !a.startsWith("tcp:")) {
                throw s.invalid("runtime-api", "'" + a + "' (expected: unix:/path/to/admin.sock or tcp:host:port)");
            }
        }
        if (enabled && apis.isEmpty()) {
            throw s.invalid("runtime-api", "empty: list HAProxy's stats socket (level admin), e.g. [\"unix:/run/haproxy/admin.sock\"]");
        }
        String file = s.string("map-file").trim();
        if (enabled && file.isEmpty()) {
            throw s.invalid("map-file", "missing: the map file HAProxy's map_ip() names");
        }
        String keysText = s.string("captcha-keys-file").trim();
        // A relative name sits beside the decision map (as the shipped configs have it), wherever that is.
        Path keys = keysText.isEmpty() ? null : file.isEmpty() || Path.of(keysText).isAbsolute() ? Path.of(keysText)
                : Path.of(file).resolveSibling(keysText);
        if (keys != null && !file.isEmpty() && keys.equals(Path.of(file))) {
            throw s.invalid("captcha-keys-file", "'" + keysText + "' is map-file too: the two maps need two files");
        }
        int batch = s.integer("batch");
        if (batch < 1 || batch > 10_000) {
            throw s.invalid("batch", batch + " (expected: 1..10000 lines per add map)");
        }
        Duration interval = s.duration("interval");
        if (interval.toMillis() < 10) {
            throw s.invalid("interval", interval + " (expected: >= 10ms)");
        }
        Duration timeout = s.duration("timeout");
        if (timeout.toMillis() < 10) {
            throw s.invalid("timeout", timeout + " (expected: >= 10ms for one Runtime API command)");
        }
        return new MapSyncSettings(enabled, List.copyOf(apis), file.isEmpty() ? null : Path.of(file), keys,
                s.bool("write-file"), batch, interval, timeout);
    }
}
