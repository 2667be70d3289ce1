package io.spoabouncer.app.wiring;

import io.spoabouncer.ports.spi.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The app's own keys: which components run, where plugins are. */
public record AppSettings(List<String> sources, String transport, Duration purgeInterval, Path pluginsDirectory) {
    public static AppSettings from(Settings decisions, Settings root) {
        List<String> sources = decisions.strings("sources");
        if (sources.stream().distinct().count() != sources.size()) {
            throw decisions.invalid("sources", sources + " names a source twice");
        }
        Duration purge = decisions.duration("purge-interval");
        if (purge.toMillis() < 100) {
            throw decisions.invalid("purge-interval", purge + " (expected: >= 100ms)");
        }
        return new AppSettings(List.copyOf(sources), root.string("transport"), purge,
                Path.of(root.child("plugins").string("directory")));
    }
}
