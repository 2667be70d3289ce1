package io.spoabouncer.adapter.decisions.file;

import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.ports.spi.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * One configured file. For plain lists (and CSV/JSON rows that leave them out) the type, duration, origin
 * and scenario come from here; a duration of 0 means the decisions never expire.
 */
record FileSpec(Path path, FileFormat format, String type, Duration duration, String origin, String scenario) {
    static final Set<String> KEYS = Set.of("path", "format", "type", "duration", "origin", "scenario");

    static FileSpec from(Settings s) {
        for (String key : s.keys()) {
            if (!KEYS.contains(key)) {
                throw s.invalid(key, "unknown key (expected one of " + new java.util.TreeSet<>(KEYS) + ")");
            }
        }
        if (!s.has("path") || s.string("path").isBlank()) {
            throw s.invalid("path", "missing: every file needs a path");
        }
        FileFormat format;
        try {
            format = FileFormat.parse(s.has("format") ? s.string("format") : "auto");
        } catch (IllegalArgumentException e) {
            throw s.invalid("format", e.getMessage());
        }
        String type = s.has("type") ? s.string("type") : "ban";
        try {
            Remediation.of(type);
        } catch (IllegalArgumentException e) {
            throw s.invalid("type", e.getMessage());
        }
        Duration duration = s.has("duration") ? s.duration("duration") : Duration.ZERO;
        if (duration.isNegative()) {
            throw s.invalid("duration", duration + " (expected: >= 0; 0 means no expiry)");
        }
        String origin = s.has("origin") ? s.string("origin") : "file";
        String scenario = s.has("scenario") ? s.string("scenario") : "";
        return new FileSpec(Path.of(s.string("path")), format, type, duration, origin, scenario);
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
