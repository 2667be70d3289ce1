package io.spoabouncer.domain.request;

import java.nio.charset.StandardCharsets;

/** Names compared against request bytes, encoded once. */
public final class Ascii {
    private Ascii() {
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
