package io.spoabouncer.plugins.blocklist;

import io.spoabouncer.ports.spi.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The plugin's settings, validated at start. */
record BlocklistSettings(List<URI> urls, Duration interval, Duration timeout, String type, Duration duration,
                         String origin, long maxBytes, String userAgent) {
    static BlocklistSettings from(Settings s) {
        List<URI> urls = new ArrayList<>();
        for (String u : s.strings("urls")) {
            URI uri;
            try {
                uri = URI.create(u.trim());
            } catch (IllegalArgumentException e) {
                throw s.invalid("urls", "'" + u + "' is not a URL: " + e.getMessage());
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw s.invalid("urls", "'" + u + "' (expected: an http or https URL)");
            }
            urls.add(uri);
        }
        if (urls.isEmpty()) {
            throw s.invalid("urls", "empty: list at least one blocklist URL");
        }
        Duration interval = s.duration("interval");
        if (interval.toSeconds() < 1) {
            throw s.invalid("interval", interval + " (expected: >= 1s)");
        }
        Duration timeout = s.duration("timeout");
        if (timeout.toMillis() < 100) {
            throw s.invalid("timeout", timeout + " (expected: >= 100ms)");
        }
        Duration duration = s.duration("duration");
        if (duration.isNegative()) {
            throw s.invalid("duration", duration + " (expected: >= 0; 0 = until the list drops the entry)");
        }
        long maxBytes = s.bytes("max-bytes");
        if (maxBytes < 1) {
            throw s.invalid("max-bytes", maxBytes + " (expected: > 0)");
        }
        return new BlocklistSettings(List.copyOf(urls), interval, timeout, s.string("type"), duration,
                s.string("origin"), maxBytes, s.string("user-agent"));
    }
}
