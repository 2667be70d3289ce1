package io.spoabouncer.adapter.geo;

import io.spoabouncer.ports.spi.Settings;
import java.nio.file.Path;
import java.time.Duration;

/** {@code geo}: where the MaxMind databases are, and how often they are checked for a newer file. */
record GeoSettings(Path cityDatabase, Path asnDatabase, Duration reloadInterval) {
    static GeoSettings from(Settings s) {
        Duration reload = s.duration("reload-interval");
        if (reload.toSeconds() < 1) {
            throw s.invalid("reload-interval", reload + " (expected: >= 1s)");
        }
        return new GeoSettings(path(s.string("city-database")), path(s.string("asn-database")), reload);
    }

    private static Path path(String text) {
        return text.isBlank() ? null : Path.of(text.trim());
    }
}
