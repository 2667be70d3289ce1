package io.spoabouncer.adapter.decisions.file;

import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.ports.spi.Problems;
import io.spoabouncer.ports.spi.Settings;
import java.nio.file.Path;
import java.time.Duration;


/**
 * One configured file. For plain lists (and CSV/JSON rows that leave them out) the type, duration, origin
 * and scenario come from here; a duration of 0 means the decisions never expire.
 */
record FileSpec(Path path, FileFormat format, String type, Duration duration, String origin, String scenario) {
    /** One {@code files} item, read over {@code decisions.file.file-defaults}; every problem of the item at once. */
    static FileSpec from(Settings s) {
        Problems problems = new Problems();
        String path = problems.read(() -> {
            if (s.string("path").isBlank()) {
                throw s.invalid("path", "missing: every file needs a path");
            }
            return s.string("path");
        }, null);
        FileFormat format = problems.read(() -> {
            try {
                return FileFormat.parse(s.string("format"));
            } catch (IllegalArgumentException e) {
                throw s.invalid("format", e.getMessage());
            }
        }, null);
        String type = problems.read(() -> {
            try {
                Remediation.of(s.string("type"));
                return s.string("type");
            } catch (IllegalArgumentException e) {
                throw s.invalid("type", e.getMessage());
            }
        }, null);
        Duration duration = problems.read(() -> {
            Duration d = s.duration("duration");
            if (d.isNegative()) {
                throw s.invalid("duration", d + " (expected: >= 0; 0 means no expiry)");
            }
            return d;
        }, null);
        String origin = problems.read(() -> s.string("origin"), null);
        String scenario = problems.read(() -> s.string("scenario"), null);
        problems.throwIfAny();
        return new FileSpec(Path.of(path), format, type, duration, origin, scenario);
    }

    FileFormat effectiveFormat(String firstChars) {
        if (format != FileFormat.AUTO) {
            return format;
        }
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".json")) {
            return FileFormat.JSON;
        }
        if (name.endsWith(".csv")) {
            return FileFormat.CSV;
        }
        String t = firstChars.stripLeading();
        if (t.startsWith("[") || t.startsWith("{")) {
            return FileFormat.JSON;
        }
        String firstLine = t.lines().findFirst().orElse("");
        if (firstLine.contains(",") && (firstLine.contains("value") || firstLine.contains("ip"))) {
            return FileFormat.CSV;
        }
        return FileFormat.PLAIN;
    }
}
