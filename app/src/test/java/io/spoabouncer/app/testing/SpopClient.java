package io.spoabouncer.app.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.spoabouncer.adapter.spoe.codec.FrameType;
import io.spoabouncer.adapter.spoe.codec.KvList;
import io.spoabouncer.adapter.spoe.codec.Varint;
import io.spoabouncer.adapter.spoe.testing.Spop;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A minimal HAProxy stand-in over a real socket: handshake, NOTIFY, read the ACK's variables. */
public final class SpopClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public SpopClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        send(Spop.haproxyHello(16380, "pipelining", false));
        ByteBuf hello = read();
        try {
            if (hello.readUnsignedByte() != FrameType.AGENT_HELLO) {
                throw new IOException("expected AGENT-HELLO");
            }
        } finally {
            hello.release();
        }
    }

    public void send(ByteBuf frame) throws IOException {
        try {
            out.write(ByteBufUtil.getBytes(frame));
            out.flush();
        } finally {
            frame.release();
        }
    }

    /** The next frame's body (after the length). */
    public ByteBuf read() throws IOException {
        int length = in.readInt();
        byte[] body = new byte[length];
        in.readFully(body);
        return Unpooled.wrappedBuffer(body);
    }

    /** Sends crowdsec-tcp for the address and returns the ACK's variables (name -> value, or "<unset>"). */
    public Map<String, Object> checkIp(String ip) throws IOException {
        send(Spop.tcpCheck(1, 1, ip));
        return ackVariables(read());
    }

    public static Map<String, Object> ackVariables(ByteBuf frame) {
        try {
            int type = frame.readUnsignedByte();
            if (type != FrameType.ACK) {
                throw new IllegalStateException("expected ACK, got " + FrameType.name(type));
            }
            frame.readInt();
            Varint.read(frame);
            Varint.read(frame);
            Map<String, Object> vars = new LinkedHashMap<>();
            while (frame.isReadable()) {
                int action = frame.readUnsignedByte();
                frame.readUnsignedByte();
                frame.readUnsignedByte();
                String name = frame.readCharSequence((int) Varint.read(frame), StandardCharsets.US_ASCII).toString();
                if (action == 2) {
                    vars.put(name, "<unset>");
                    continue;
                }
                ByteBuf kv = Unpooled.buffer();
                KvList.writeName(kv, "v");
                int t = frame.readUnsignedByte();
                kv.writeByte(t);
                if ((t & 0x0f) == 8 || (t & 0x0f) == 9) {
                    int len = (int) Varint.read(frame);
                    Varint.write(kv, len);
                    kv.writeBytes(frame, len);
                }
                vars.put(name, KvList.read(kv).get("v"));
                kv.release();
            }
            return vars;
        } finally {
            frame.release();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
