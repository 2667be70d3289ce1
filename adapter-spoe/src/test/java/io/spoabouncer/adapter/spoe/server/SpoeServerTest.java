package io.spoabouncer.adapter.spoe.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.spoabouncer.adapter.spoe.codec.FrameType;
import io.spoabouncer.adapter.spoe.codec.KvList;
import io.spoabouncer.adapter.spoe.codec.Varint;
import io.spoabouncer.adapter.spoe.testing.Spop;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.GeoLocator;
import io.spoabouncer.core.remediation.RemediationService;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.DataInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listeners over real sockets: TCP and Unix, pipelining, isolation of a bad connection, shutdown. */
class SpoeServerTest {
    @TempDir
    Path tmp;
    SpoeServer server;

    SpoeServer start(String unixPath) throws Exception {
        DecisionStore store = new DecisionStore();
        store.apply("t", List.of(new DecisionFactory().create("Ip", "192.0.2.1", "ban", "cscli", "", Decision.NEVER_EXPIRES, "t")), List.of());
        SpoeSettings settings = new SpoeSettings(new InetSocketAddress("127.0.0.1", 0), unixPath, 2, 1 << 20, 64 * 1024, 512 * 1024,
                Duration.ofSeconds(2), io.spoabouncer.adapter.spoe.handler.SpoeLimits.of(1 << 20, 64 * 1024, 512 * 1024));
        server = new SpoeServer(settings, new RemediationService(store, GeoLocator.NONE, AgentMetrics.NOOP), AgentMetrics.NOOP);
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** A blocking SPOP peer over any SocketChannel. */
    static final class Peer implements AutoCloseable {
        final SocketChannel ch;
        final DataInputStream in;

        Peer(SocketChannel ch) {
            this.ch = ch;
            this.in = new DataInputStream(Channels.newInputStream(ch));
        }

        static Peer tcp(int port) throws IOException {
            return new Peer(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
        }

        void send(ByteBuf frame) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(ByteBufUtil.getBytes(frame));
            frame.release();
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

        ByteBuf read() throws IOException {
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            return Unpooled.wrappedBuffer(body);
        }

        Peer handshakeOn(Path socket) throws IOException {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return handshake();
        }

        Peer handshake() throws IOException {
            send(Spop.haproxyHello(16380, "pipelining,async", false));
            ByteBuf hello = read();
            assertEquals(FrameType.AGENT_HELLO, hello.readUnsignedByte());
            hello.release();
            return this;
        }

        String remediation(ByteBuf ack, long[] ids) {
            assertEquals(FrameType.ACK, ack.readUnsignedByte());
            ack.readInt();
            ids[0] = Varint.read(ack);
            ids[1] = Varint.read(ack);
            ack.skipBytes(3);
            ack.skipBytes((int) Varint.read(ack));
            ack.skipBytes(1);
            String value = ack.readCharSequence((int) Varint.read(ack), java.nio.charset.StandardCharsets.US_ASCII).toString();
            ack.release();
            return value;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    @Test
    void tcpPipelinedNotifiesAreAllAnswered() throws Exception {
        start(null);
        try (Peer p = Peer.tcp(server.tcpPort()).handshake()) {
            ByteBuf batch = Unpooled.buffer();
            for (int i = 1; i <= 50; i++) {
                ByteBuf f = Spop.tcpCheck(1000 + i, 1, i % 2 == 0 ? "192.0.2.1" : "192.0.2.2");
                batch.writeBytes(f);
                f.release();
            }
            p.send(batch);
            long[] ids = new long[2];
            for (int i = 1; i <= 50; i++) {
                String r = p.remediation(p.read(), ids);
                assertEquals(1000 + i, ids[0]);
                assertEquals(i % 2 == 0 ? "ban" : "allow", r);
            }
        }
    }

    @Test
    void unixSocketListenerServesAndIsGroupOnly() throws Exception {
        Path sock = tmp.resolve("spoa.sock");
        Files.writeString(sock, "stale");  // a leftover from a previous run is replaced
        start(sock.toString());
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
        try (Peer p = new Peer(SocketChannel.open(StandardProtocolFamily.UNIX)).handshakeOn(sock)) {
            p.send(Spop.tcpCheck(5, 1, "192.0.2.1"));
            assertEquals("ban", p.remediation(p.read(), new long[2]));
        }
    }

    @Test
    void aBadConnectionDoesNotDisturbTheOthers() throws Exception {
        start(null);
        try (Peer good = Peer.tcp(server.tcpPort()).handshake(); Peer bad = Peer.tcp(server.tcpPort()).handshake()) {
            bad.send(Unpooled.wrappedBuffer(new byte[] {0x7f, 0, 0, 0, 3, 0, 0, 0, 1}));
            ByteBuf disconnect = bad.read();
            assertEquals(FrameType.AGENT_DISCONNECT, disconnect.readUnsignedByte());
            disconnect.skipBytes(6);
            assertEquals(3L, KvList.read(disconnect).get("status-code"));
            disconnect.release();
            assertEquals(-1, bad.ch.read(ByteBuffer.allocate(1)), "closed after AGENT-DISCONNECT");
            good.send(Spop.tcpCheck(9, 1, "192.0.2.1"));
            assertEquals("ban", good.remediation(good.read(), new long[2]));
        }
    }

    @Test
    void healthCheckIsAnsweredThenClosed() throws Exception {
        start(null);
        try (Peer p = Peer.tcp(server.tcpPort())) {
            p.send(Spop.haproxyHello(16380, "", true));
            ByteBuf hello = p.read();
            assertEquals(FrameType.AGENT_HELLO, hello.readUnsignedByte());
            hello.release();
            assertTrue(p.ch.read(ByteBuffer.allocate(1)) < 0);
        }
    }

    @Test
    void shutdownSendsAgentDisconnectToEveryConnection() throws Exception {
        start(null);
        try (Peer a = Peer.tcp(server.tcpPort()).handshake(); Peer b = Peer.tcp(server.tcpPort()).handshake()) {
            server.stop();
            server = null;
            for (Peer p : List.of(a, b)) {
                ByteBuf f = p.read();
                assertEquals(FrameType.AGENT_DISCONNECT, f.readUnsignedByte());
                f.skipBytes(6);
                Map<String, Object> kv = KvList.read(f);
                f.release();
                assertEquals(0L, kv.get("status-code"));
                assertEquals("agent shutting down", kv.get("message"));
                try {
                    p.read();
                    throw new AssertionError("connection still open");
                } catch (EOFException expected) {
                    // closed
                }
            }
        }
    }

    @Test
    void aPortInUseFailsTheStartWithTheAddress() throws Exception {
        start(null);
        SpoeSettings clash = new SpoeSettings(new InetSocketAddress("127.0.0.1", server.tcpPort()), null, 1, 1 << 20, 65536, 65536, Duration.ZERO,
                io.spoabouncer.adapter.spoe.handler.SpoeLimits.of(1 << 20, 65536, 65536));
        SpoeServer second = new SpoeServer(clash, (r, v) -> null, AgentMetrics.NOOP);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, second::start);
        assertTrue(e.getMessage().contains("cannot listen on") && e.getMessage().contains(String.valueOf(server.tcpPort())), e.getMessage());
    }
}
