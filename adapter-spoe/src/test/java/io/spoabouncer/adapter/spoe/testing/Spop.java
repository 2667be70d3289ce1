package io.spoabouncer.adapter.spoe.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spoabouncer.adapter.spoe.codec.DataType;
import io.spoabouncer.adapter.spoe.codec.FrameType;
import io.spoabouncer.adapter.spoe.codec.Frames;
import io.spoabouncer.adapter.spoe.codec.KvList;
import io.spoabouncer.adapter.spoe.codec.Varint;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Builds HAProxy-side frames for tests, the way HAProxy encodes them. */
public final class Spop {
    private Spop() {
    }

    public static ByteBuf haproxyHello(long maxFrameSize, String capabilities, boolean healthCheck) {
        ByteBuf out = Unpooled.buffer();
        int start = Frames.begin(out, FrameType.HAPROXY_HELLO, 0, 0);
        KvList.writeString(out, "supported-versions", "2.0");
        KvList.writeUint32(out, "max-frame-size", maxFrameSize);
        KvList.writeString(out, "capabilities", capabilities);
        if (healthCheck) {
            KvList.writeName(out, "healthcheck");
            out.writeByte(DataType.BOOL | DataType.BOOL_TRUE_FLAG);
        } else {
            KvList.writeString(out, "engine-id", "5e07721c-0311-4fe3-9748-06550adeebc3");
        }
        Frames.end(out, start);
        return out;
    }

    public static ByteBuf haproxyDisconnect(int status, String message) {
        ByteBuf out = Unpooled.buffer();
        int start = Frames.begin(out, FrameType.HAPROXY_DISCONNECT, 0, 0);
        KvList.writeUint32(out, "status-code", status);
        KvList.writeString(out, "message", message);
        Frames.end(out, start);
        return out;
    }

    /** A NOTIFY frame whose messages the consumer writes with {@link Message}. */
    public static ByteBuf notify(long streamId, long frameId, Consumer<ByteBuf> messages) {
        ByteBuf out = Unpooled.buffer();
        int start = Frames.begin(out, FrameType.NOTIFY, streamId, frameId);
        messages.accept(out);
        Frames.end(out, start);
        return out;
    }

    /** A crowdsec-tcp NOTIFY as the shipped SPOE config sends it. */
    public static ByteBuf tcpCheck(long streamId, long frameId, String ip) {
        return notify(streamId, frameId, out -> message(out, "crowdsec-tcp", 3)
                .string("id", "7F000001:9CEC_7F000001:1F90_6B08CE4D_0000:1A81").ip("src-ip", ip).int64("src-port", 40172));
    }

    public static Message message(ByteBuf out, String name, int args) {
        string(out, name);
        out.writeByte(args);
        return new Message(out);
    }

    static void string(ByteBuf out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Varint.write(out, b.length);
        out.writeBytes(b);
    }

    /** Writes named arguments of one message. */
    public static final class Message {
        private final ByteBuf out;

        Message(ByteBuf out) {
            this.out = out;
        }

        public Message string(String name, String value) {
            Spop.string(out, name);
            out.writeByte(DataType.STRING);
            Spop.string(out, value);
            return this;
        }

        public Message binary(String name, byte[] value) {
            Spop.string(out, name);
            out.writeByte(DataType.BINARY);
            Varint.write(out, value.length);
            out.writeBytes(value);
            return this;
        }

        public Message nul(String name) {
            Spop.string(out, name);
            out.writeByte(DataType.NULL);
            return this;
        }

        public Message bool(String name, boolean value) {
            Spop.string(out, name);
            out.writeByte(DataType.BOOL | (value ? DataType.BOOL_TRUE_FLAG : 0));
            return this;
        }

        public Message int64(String name, long value) {
            Spop.string(out, name);
            out.writeByte(DataType.INT64);
            Varint.write(out, value);
            return this;
        }

        public Message ip(String name, String address) {
            try {
                byte[] a = InetAddress.getByName(address).getAddress();
                Spop.string(out, name);
                out.writeByte(a.length == 4 ? DataType.IPV4 : DataType.IPV6);
                out.writeBytes(a);
                return this;
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }
}
