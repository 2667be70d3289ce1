package io.spoabouncer.app.config;

import java.util.List;

/** The configuration cannot be used; the message lists every problem found, one per line. */
public final class InvalidConfigException extends RuntimeException {
    public InvalidConfigException(String message) {
        super(message);
    }

    public InvalidConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
    }
}
