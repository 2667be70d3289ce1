package io.spoabouncer.adapter.spoe.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/** Builds whole agent frames, each as one buffer with its length prefix and FIN set (HAProxy requires FIN). */
public final class Frames {
    /** HAProxy 2.6 refuses an AGENT-DISCONNECT message longer than this. */
    public static final int MAX_DISCONNECT_MESSAGE = 255;

    private Frames() {
    }

    /** Writes the length placeholder and the frame header; returns the index of the length field. */
    public static int begin(ByteBuf out, int type, long streamId, long frameId) {
        int start = out.writerIndex();
        out.writeInt(0);
        out.writeByte(type);
        out.writeInt(FrameType.FLAG_FIN);
        Varint.write(out, streamId);
        Varint.write(out, frameId);
        return start;
    }

    /** Patches the length prefix: the length counts the bytes after the 4-byte prefix. */
    public static void end(ByteBuf out, int start) {
        out.setInt(start, out.writerIndex() - start - 4);
    }

    public static ByteBuf agentHello(ByteBufAllocator alloc, long maxFrameSize, String capabilities) {
        ByteBuf out = alloc.ioBuffer(96);
        int start = begin(out, FrameType.AGENT_HELLO, 0, 0);
        KvList.writeString(out, "version", "2.0");
        KvList.writeUint32(out, "max-frame-size", maxFrameSize);
        KvList.writeString(out, "capabilities", capabilities);
        end(out, start);
        return out;
    }

    public static ByteBuf agentDisconnect(ByteBufAllocator alloc, int status, String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_DISCONNECT_MESSAGE) {
            message = new String(text, 0, MAX_DISCONNECT_MESSAGE, StandardCharsets.UTF_8);
            // A cut inside a multi-byte character decodes to U+FFFD, which may re-encode longer: trim to fit.
            while (message.getBytes(StandardCharsets.UTF_8).length > MAX_DISCONNECT_MESSAGE) {
                message = message.substring(0, message.length() - 1);
            }
        }
        ByteBuf out = alloc.ioBuffer(48 + Math.min(text.length, MAX_DISCONNECT_MESSAGE));
        int start = begin(out, FrameType.AGENT_DISCONNECT, 0, 0);
        KvList.writeUint32(out, "status-code", status);
        KvList.writeString(out, "message", message);
        end(out, start);
        return out;
    }
}
