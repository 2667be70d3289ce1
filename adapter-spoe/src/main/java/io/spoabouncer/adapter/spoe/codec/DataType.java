package io.spoabouncer.adapter.spoe.codec;

import io.netty.buffer.ByteBuf;

/** SPOP typed data: the type in the low nibble, flags (BOOL's value) in the high nibble. */
public final class DataType {
    public static final int NULL = 0;
    public static final int BOOL = 1;
    public static final int INT32 = 2;
    public static final int UINT32 = 3;
    public static final int INT64 = 4;
    public static final int UINT64 = 5;
    public static final int IPV4 = 6;
    public static final int IPV6 = 7;
    public static final int STRING = 8;
    public static final int BINARY = 9;

    public static final int BOOL_TRUE_FLAG = 0x10;

    private DataType() {
    }

    public static boolean isInteger(int type) {
        return type >= INT32 && type <= UINT64;
    }

    /** Skips the data of a value whose type byte has been read; every length is checked against the frame. */
    public static void skip(ByteBuf in, int type) {
        switch (type) {
            case NULL:
            case BOOL:
                return;
            case INT32:
            case UINT32:
            case INT64:
            case UINT64:
                Varint.read(in);
                return;
            case IPV4:
                need(in, 4, "IPv4 value");
                in.skipBytes(4);
                return;
            case IPV6:
                need(in, 16, "IPv6 value");
                in.skipBytes(16);
                return;
            case STRING:
            case BINARY:
                in.skipBytes(readLength(in, "string"));
                return;
            default:
                throw SpopException.invalid("unknown data type " + type);
        }
    }

    /** Reads a varint length and checks that many bytes remain in the frame. */
    public static int readLength(ByteBuf in, String what) {
        long len = Varint.read(in);
        if (len < 0 || len > in.readableBytes()) {
            throw SpopException.invalid(what + " length " + Long.toUnsignedString(len) + " exceeds the frame (" + in.readableBytes() + " bytes left)");
        }
        return (int) len;
    }

    public static void need(ByteBuf in, int n, String what) {
        if (in.readableBytes() < n) {
            throw SpopException.invalid("truncated " + what);
        }
    }
}
