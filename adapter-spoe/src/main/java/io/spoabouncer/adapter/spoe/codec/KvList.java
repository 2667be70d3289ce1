package io.spoabouncer.adapter.spoe.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes KV-LISTs (HELLO and DISCONNECT payloads): a name without a type byte, then a typed
 * value, to the end of the payload. Not on the request path, so values become plain Java objects:
 * null, Boolean, Long, String, byte[] (BINARY and IP addresses).
 */
public final class KvList {
    /** More keys than this in one HELLO or DISCONNECT is not HAProxy talking. */
    public static final int MAX_ENTRIES = 64;

    private KvList() {
    }

    public static Map<String, Object> read(ByteBuf in) {
        Map<String, Object> out = new LinkedHashMap<>();
        while (in.isReadable()) {
            if (out.size() >= MAX_ENTRIES) {
                throw SpopException.invalid("more than " + MAX_ENTRIES + " keys in a KV-LIST");
            }
            int nameLength = DataType.readLength(in, "key name");
            String name = in.readCharSequence(nameLength, StandardCharsets.US_ASCII).toString();
            DataType.need(in, 1, "value of " + name);
            int typeByte = in.readUnsignedByte();
            out.put(name, readValue(in, typeByte));
        }
        return out;
    }

    static Object readValue(ByteBuf in, int typeByte) {
        int type = typeByte & 0x0f;
        switch (type) {
            case DataType.NULL:
                return null;
            case DataType.BOOL:
                return (typeByte & DataType.BOOL_TRUE_FLAG) != 0;
            case DataType.INT32:
            case DataType.UINT32:
            case DataType.INT64:
            case DataType.UINT64:
                return Varint.read(in);
            case DataType.STRING: {
                int len = DataType.readLength(in, "string");
                return in.readCharSequence(len, StandardCharsets.UTF_8).toString();
            }
            case DataType.IPV4:
            case DataType.IPV6:
            case DataType.BINARY: {
                int len = type == DataType.IPV4 ? 4 : type == DataType.IPV6 ? 16 : DataType.readLength(in, "binary");
                DataType.need(in, len, "value");
                byte[] bytes = new byte[len];
                in.readBytes(bytes);
                return bytes;
            }
            default:
                throw SpopException.invalid("unknown data type " + type);
        }
    }

    public static void writeName(ByteBuf out, String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        Varint.write(out, b.length);
        out.writeBytes(b);
    }

    public static void writeString(ByteBuf out, String name, String value) {
        writeName(out, name);
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        out.writeByte(DataType.STRING);
        Varint.write(out, b.length);
        out.writeBytes(b);
    }

    public static void writeUint32(ByteBuf out, String name, long value) {
        writeName(out, name);
        out.writeByte(DataType.UINT32);
        Varint.write(out, value);
    }
}
