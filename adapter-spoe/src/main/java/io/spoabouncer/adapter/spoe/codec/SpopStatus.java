package io.spoabouncer.adapter.spoe.codec;

/** SPOP DISCONNECT status codes with the messages HAProxy itself uses. */
public enum SpopStatus {
    NORMAL(0, "normal"),
    IO_ERROR(1, "I/O error"),
    TIMEOUT(2, "a timeout occurred"),
    FRAME_TOO_BIG(3, "frame is too big"),
    INVALID_FRAME(4, "invalid frame received"),
    NO_VERSION(5, "version value not found"),
    NO_FRAME_SIZE(6, "max-frame-size value not found"),
    NO_CAPABILITIES(7, "capabilities value not found"),
    UNSUPPORTED_VERSION(8, "unsupported version"),
    BAD_FRAME_SIZE(9, "max-frame-size too big or too small"),
    FRAGMENTATION_NOT_SUPPORTED(10, "fragmentation not supported"),
    INVALID_INTERLACED_FRAMES(11, "invalid interlaced frames"),
    FRAME_ID_NOT_FOUND(12, "frame-id not found"),
    RESOURCE_ALLOCATION_ERROR(13, "resource allocation error"),
    UNKNOWN_ERROR(99, "an unknown error occurred");

    private final int code;
    private final String message;

    SpopStatus(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }
}
