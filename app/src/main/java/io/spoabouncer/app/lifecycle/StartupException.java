package io.spoabouncer.app.lifecycle;

/** A component failed to start; the agent stops what it started and exits. */
public final class StartupException extends RuntimeException {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
