package io.spoabouncer.adapter.decisions.file;

import io.spoabouncer.ports.spi.DecisionSource;
import io.spoabouncer.ports.spi.Factory;
import io.spoabouncer.ports.spi.Kind;
import io.spoabouncer.ports.spi.Plugin;
import io.spoabouncer.ports.spi.Settings;
import io.spoabouncer.ports.spi.SourceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Registers the {@code file} decision source; its settings are {@code decisions.file}. */
public final class FileDecisionsPlugin implements Plugin {
    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Factory<?, ?>> factories() {
        return List.of(Factory.of(Kind.DECISION_SOURCE, "file", FileDecisionsPlugin::create));
    }

    /** The files items, each checked. */
    static List<FileSpec> specs(Settings s) {
        List<FileSpec> files = new ArrayList<>();
        for (Settings f : s.list("files")) {
            files.add(FileSpec.from(f));
        }
        if (files.isEmpty()) {
            throw s.invalid("files", "empty: list at least one file");
        }
        return files;
    }

    private static DecisionSource create(Settings s, SourceContext context) {
        List<FileSpec> files = specs(s);
        Duration poll = s.duration("poll-interval");
        if (poll.toMillis() < 50 || poll.toMillis() > 60_000) {
            throw s.invalid("poll-interval", poll + " (expected: 50ms..60s)");
        }
        Duration settle = s.duration("settle-time");
        if (settle.isNegative() || settle.toMillis() > 60_000) {
            throw s.invalid("settle-time", settle + " (expected: 0s..60s; 0s reads a changed file at once)");
        }
        long maxBytes = s.bytes("max-file-bytes");
        if (maxBytes < 1) {
            throw s.invalid("max-file-bytes", maxBytes + " (expected: > 0)");
        }
        return new FileDecisionSource(context.name(), files, poll, settle, maxBytes, context.sink(), context.decisions());
    }
}
