package io.spoabouncer.app.wiring;

import io.spoabouncer.ports.spi.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The app's own keys: which components run, where plugins are. Read as written; each value is checked
 * where it is used, so one bad value does not hide the problems of every component that needs these.
 */
public record AppSettings(List<String> sources, String transport, String metrics, String geo, String httpServices,
                          Duration purgeInterval, Path pluginsDirectory, Settings decisions) {
    public static AppSettings from(Settings root) {
        Settings decisions = root.child("decisions");
        return new AppSettings(List.copyOf(decisions.strings("sources")), root.string("transport"), root.child("metrics").string("backend"),
                root.child("geo").string("backend"), root.child("http").string("backend"), decisions.duration("purge-interval"),
                Path.of(root.child("plugins").string("directory")), decisions);
    }

    /** The purge interval, at least 100ms. */
    public Duration checkedPurgeInterval() {
        if (purgeInterval.toMillis() < 100) {
            throw decisions.invalid("purge-interval", purgeInterval + " (expected: >= 100ms)");
        }
        return purgeInterval;
    }

    /** The source names, each once. */
    public List<String> checkedSources() {
        if (sources.stream().distinct().count() != sources.size()) {
            throw decisions.invalid("sources", sources + " names a source twice");
        }
        return sources;
    }
}
