package io.spoabouncer.adapter.decisions.file;

import java.util.Locale;

/** The formats a decisions file may be in. */
public enum FileFormat {
    /** Guess from the extension, then from the first non-blank character. */
    AUTO,
    /** {@code cscli decisions list -o raw}, or the CSV that {@code cscli decisions import} reads. */
    CSV,
    /** {@code cscli decisions list -o json} (alerts), the import JSON, or a saved LAPI stream response. */
    JSON,
    /** One IP or CIDR per line, {@code #} comments; type and duration come from the config. */
    PLAIN;

    static FileFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' (expected: auto, csv, json, plain)");
        }
    }
}
