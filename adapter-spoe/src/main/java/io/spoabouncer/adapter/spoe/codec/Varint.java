package io.spoabouncer.adapter.spoe.codec;

import io.netty.buffer.ByteBuf;

/**
 * HAProxy's "peers" varint (not LEB128): values below 240 take one byte; above, the first byte is
 * {@code 0xF0 | low nibble} and each continuation byte adds its whole value, 0x80 bit included.
 * Unsigned 64-bit in a long; negatives are two's complement and take 10 bytes.
 */
public final class Varint {
    public static final int MAX_BYTES = 10;

    private Varint() {
    }

    /** Reads a varint at the reader index, advancing it; bounded to 10 bytes and to the readable bytes. */
    public static long read(ByteBuf in) {
        if (!in.isReadable()) {
            throw SpopException.invalid("truncated varint");
        }
        long v = in.readUnsignedByte();
        if (v < 240) {
            return v;
        }
        int shift = 4;
        for (int i = 1; i < MAX_BYTES; i++) {
            if (!in.isReadable()) {
                throw SpopException.invalid("truncated varint");
            }
            int c = in.readUnsignedByte();
            v += ((long) c) << shift;
            if (c < 128) {
                return v;
            }
            shift += 7;
        }
        throw SpopException.invalid("varint longer than " + MAX_BYTES + " bytes");
    }

    public static void write(ByteBuf out, long v) {
        if (Long.compareUnsigned(v, 240) < 0) {
            out.writeByte((int) v);
            return;
        }
        out.writeByte((int) ((v & 0xFF) | 0xF0));
        v = (v - 240) >>> 4;
        while (Long.compareUnsigned(v, 128) >= 0) {
            out.writeByte((int) ((v & 0xFF) | 0x80));
            v = (v - 128) >>> 7;
        }
        out.writeByte((int) v);
    }

    public static int size(long v) {
        if (Long.compareUnsigned(v, 240) < 0) {
            return 1;
        }
        int n = 1;
        v = (v - 240) >>> 4;
        while (Long.compareUnsigned(v, 128) >= 0) {
            n++;
            v = (v - 128) >>> 7;
        }
        return n + 1;
    }

    /** Writes a varint into a byte array at {@code pos}; returns the new position. For pre-encoding constants. */
    public static int write(byte[] out, int pos, long v) {
        if (Long.compareUnsigned(v, 240) < 0) {
            out[pos++] = (byte) v;
            return pos;
        }
        out[pos++] = (byte) ((v & 0xFF) | 0xF0);
        v = (v - 240) >>> 4;
        while (Long.compareUnsigned(v, 128) >= 0) {
            out[pos++] = (byte) ((v & 0xFF) | 0x80);
            v = (v - 128) >>> 7;
        }
        out[pos++] = (byte) v;
        return pos;
    }
}
