package io.spoabouncer.domain.request;

import java.nio.charset.StandardCharsets;

/**
 * A reusable, growable byte holder: a request's text arguments are copied in here once and read in
 * place, so a pooled request carries header blocks and bodies without creating Strings.
 */
public final class ByteView {
    private byte[] bytes;
    private int length;
    private boolean present;

    public ByteView(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** Makes room for {@code n} bytes and returns the backing array to copy them into. */
    public byte[] prepare(int n) {
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, bytes.length * 2)];
        }
        length = n;
        present = true;
        return bytes;
    }

    /** Copies another view's content into this one. */
    public void copyFrom(ByteView other) {
        if (!other.present) {
            clear();
            return;
        }
        System.arraycopy(other.bytes, 0, prepare(other.length), 0, other.length);
    }

    public void clear() {
        length = 0;
        present = false;
    }

    public boolean isPresent() {
        return present;
    }

    public int length() {
        return length;
    }

    public byte byteAt(int i) {
        return bytes[i];
    }

    public byte[] array() {
        return bytes;
    }

    /** ASCII case-sensitive comparison, allocation-free. */
    public boolean contentEquals(byte[] other) {
        if (!present || other.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[i] != other[i]) {
                return false;
            }
        }
        return true;
    }

    /** For logs and slow paths only: allocates. */
    @Override
    public String toString() {
        return present ? new String(bytes, 0, length, StandardCharsets.UTF_8) : "";
    }
}
