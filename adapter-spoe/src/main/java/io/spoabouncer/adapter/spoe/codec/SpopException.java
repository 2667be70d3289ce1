package io.spoabouncer.adapter.spoe.codec;

/**
 * A protocol violation on one connection: it is answered with AGENT-DISCONNECT carrying {@link #status()}
 * and the connection is closed. Stackless: bad input must not cost a stack walk.
 */
public final class SpopException extends RuntimeException {
    private final SpopStatus status;

    public SpopException(SpopStatus status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public static SpopException invalid(String detail) {
        return new SpopException(SpopStatus.INVALID_FRAME, detail);
    }

    public SpopStatus status() {
        return status;
    }
}
