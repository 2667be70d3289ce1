package io.spoabouncer.adapter.spoe.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.spoabouncer.adapter.spoe.codec.FrameType;
import io.spoabouncer.adapter.spoe.codec.KvList;
import io.spoabouncer.adapter.spoe.codec.Varint;
import io.spoabouncer.adapter.spoe.handler.SpoeLimits;
import io.spoabouncer.adapter.spoe.testing.Flooder;
import io.spoabouncer.adapter.spoe.testing.Spop;
import io.spoabouncer.core.remediation.RemediationService;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.request.Verdict;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.in.RequestHandler;
import io.spoabouncer.ports.out.GeoLocator;
import io.spoabouncer.ports.out.NoopAgentMetrics;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Peers that flood, stall, never read or never speak cost only their own connection. */
class HostilePeersTest {
    static final Duration DEADLINE = Duration.ofSeconds(30);

    final CountingMetrics metrics = new CountingMetrics();
    SpoeServer server;

    static final class CountingMetrics extends NoopAgentMetrics {
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger helloTimeouts = new AtomicInteger();
        final AtomicInteger idleTimeouts = new AtomicInteger();
        final AtomicInteger readPauses = new AtomicInteger();

        @Override
        public void connectionRefused() {
            refused.incrementAndGet();
        }

        @Override
        public void connectionTimedOut(boolean handshake) {
            (handshake ? helloTimeouts : idleTimeouts).incrementAndGet();
        }

        @Override
        public void readPaused() {
            readPauses.incrementAndGet();
        }
    }

    static SpoeLimits limits(int maxConnections, int maxInFlight, Duration hello, Duration idle) {
        return new SpoeLimits(1 << 20, 64 * 1024, 512 * 1024, maxConnections, maxInFlight, hello, idle, 8 * 1024, 32 * 1024, Duration.ofMinutes(1),
                2L << 20);
    }

    int start(SpoeLimits limits, RequestHandler handler) throws Exception {
        SpoeSettings settings = new SpoeSettings(new InetSocketAddress("127.0.0.1", 0), null, 2, limits.maxFrameSize(), limits.maxHeaderBytes(),
                limits.maxBodyBytes(), Duration.ofSeconds(1), limits);
        server = new SpoeServer(settings, handler, metrics);
        server.start();
        return server.tcpPort();
    }

    static RequestHandler decisions() {
        DecisionStore store = new DecisionStore();
        store.apply("t", List.of(new DecisionFactory().create("Ip", "192.0.2.1", "ban", "cscli", "", Decision.NEVER_EXPIRES, "t")), List.of());
        return new RemediationService(store, GeoLocator.NONE, new NoopAgentMetrics());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static byte[] bytes(ByteBuf frame) {
        try {
            return ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
    }

    /** A blocking client that reads frames. */
    static final class Client implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;

        Client(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout((int) DEADLINE.toMillis());
            in = new DataInputStream(socket.getInputStream());
        }

        Client hello() throws IOException {
            send(Spop.haproxyHello(16380, "pipelining", false));
            assertEquals(FrameType.AGENT_HELLO, read()[0] & 0xff);
            return this;
        }

        void send(ByteBuf frame) throws IOException {
            socket.getOutputStream().write(bytes(frame));
        }

        /** One frame's body (type byte first). */
        byte[] read() throws IOException {
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            return body;
        }

        boolean closedByPeer() throws IOException {
            return in.read() == -1;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static long disconnectStatus(byte[] body) {
        ByteBuf b = Unpooled.wrappedBuffer(body);
        assertEquals(FrameType.AGENT_DISCONNECT, b.readUnsignedByte());
        b.readInt();
        Varint.read(b);
        Varint.read(b);
        Map<String, Object> kv = KvList.read(b);
        return (Long) kv.get("status-code");
    }

    @Test
    void aPeerThatFloodsAndNeverReadsIsNoLongerRead_andOthersAreStillAnswered() throws Exception {
        int port = start(limits(16, 64, Duration.ofSeconds(5), Duration.ofMinutes(5)), decisions());
        try (Flooder flooder = new Flooder(port)) {
            boolean stalled = flooder.flood(256L << 20, Flooder.PATIENCE, Duration.ofSeconds(2));
            long written = flooder.written();
            assertTrue(stalled, "the agent stopped taking NOTIFYs it cannot answer (took " + (written >> 20) + " MiB)");
            assertTrue(metrics.readPauses.get() >= 1, "the flooder's connection was paused");
            assertTrue(written < (64L << 20), "took " + (written >> 20) + " MiB");
            // Meanwhile another connection (another HAProxy thread) is served at once.
            try (Client probe = new Client(port).hello()) {
                for (int i = 0; i < 20; i++) {
                    long t0 = System.nanoTime();
                    probe.send(Spop.tcpCheck(100 + i, 1, i % 2 == 0 ? "192.0.2.1" : "192.0.2.9"));
                    assertEquals(FrameType.ACK, probe.read()[0] & 0xff);
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                    assertTrue(ms < 2000, "probe " + i + " answered after " + ms + " ms");
                }
            }
        }
    }

    /** Peers that each send most of a large frame and stall cannot add up past the agent-wide budget (2 MiB here). */
    @Test
    void stalledLargeFramesAreBoundedAcrossConnections() throws Exception {
        int port = start(limits(16, 64, Duration.ofSeconds(5), Duration.ofMinutes(5)), decisions());
        List<Client> stallers = new java.util.ArrayList<>();
        try {
            int refused = 0;
            for (int i = 0; i < 4; i++) {
                Client c = new Client(port);
                c.send(Spop.haproxyHello(1 << 20, "pipelining", false));
                assertEquals(FrameType.AGENT_HELLO, c.read()[0] & 0xff);
                stallers.add(c);
                // A frame announcing 1 MiB, 900 KiB of it sent, then nothing.
                java.io.OutputStream out = c.socket.getOutputStream();
                try {
                    out.write(new byte[] {0, 0x10, 0, 0});
                    out.write(new byte[900 * 1024]);
                    out.flush();
                } catch (java.net.SocketException cut) {
                    // past the budget, the agent refused and closed while this peer was still sending
                }
            }
            for (Client c : stallers) {
                c.socket.setSoTimeout(3000);
                try {
                    byte[] body = c.read();
                    assertEquals(13, disconnectStatus(body), "resource allocation error");
                    refused++;
                } catch (java.net.SocketTimeoutException stillHeld) {
                    // within the budget: held, waiting for the rest of its frame
                } catch (java.net.SocketException reset) {
                    refused++; // refused and closed before its DISCONNECT could be read (unread data: a reset)
                }
            }
            assertEquals(2, refused, "two 900 KiB partial frames fit in 2 MiB, the other two connections go");
            try (Client probe = new Client(port).hello()) {
                probe.send(Spop.tcpCheck(7, 1, "192.0.2.1"));
                assertEquals(FrameType.ACK, probe.read()[0] & 0xff, "small frames are still served");
            }
        } finally {
            for (Client c : stallers) {
                c.close();
            }
        }
    }

    @Test
    void connectionsBeyondTheMaximumAreRefused_andCounted() throws Exception {
        int port = start(limits(2, 64, Duration.ofSeconds(5), Duration.ofMinutes(5)), decisions());
        try (Client a = new Client(port).hello(); Client b = new Client(port).hello()) {
            try (Client c = new Client(port)) {
                assertTrue(c.closedByPeer(), "the third connection is closed at accept");
            }
            assertEquals(1, metrics.refused.get());
            a.send(Spop.tcpCheck(1, 1, "192.0.2.1"));
            assertEquals(FrameType.ACK, a.read()[0] & 0xff, "the open ones are served");
        }
        await().atMost(DEADLINE).until(() -> server.openConnections() == 0);
        try (Client d = new Client(port).hello()) {
            d.send(Spop.tcpCheck(1, 1, "192.0.2.1"));
            assertEquals(FrameType.ACK, d.read()[0] & 0xff, "a slot freed is used again");
        }
    }

    @Test
    void aConnectionThatSendsNoHelloIsClosed() throws Exception {
        int port = start(limits(16, 64, Duration.ofMillis(300), Duration.ofMinutes(5)), decisions());
        try (Client silent = new Client(port)) {
            assertEquals(2, disconnectStatus(silent.read()), "AGENT-DISCONNECT 'a timeout occurred'");
            assertTrue(silent.closedByPeer());
        }
        assertEquals(1, metrics.helloTimeouts.get());
    }

    @Test
    void aHelloDribbledByteByByteCannotHoldTheConnection() throws Exception {
        int port = start(limits(16, 64, Duration.ofMillis(500), Duration.ofMinutes(5)), decisions());
        byte[] hello = bytes(Spop.haproxyHello(16380, "pipelining", false));
        try (Client slow = new Client(port)) {
            slow.socket.setSoTimeout(100);
            boolean closed = false;
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            // One byte per 100 ms read timeout: the HELLO would take 13 s; the agent closes at hello-timeout anyway.
            for (int i = 0; i < hello.length - 1 && !closed && System.nanoTime() < deadline; i++) {
                try {
                    slow.socket.getOutputStream().write(hello[i]);
                    slow.socket.getOutputStream().flush();
                    slow.in.read(); // the AGENT-DISCONNECT (or the end of the stream): the agent gave up on us
                    closed = true;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // nothing from the agent yet
                } catch (IOException reset) {
                    closed = true;
                }
            }
            assertTrue(closed, "closed before the dribbled HELLO completed");
        }
        assertEquals(1, metrics.helloTimeouts.get());
    }

    @Test
    void aConnectionIdlePastTheLimitIsClosed_anActiveOneIsNot() throws Exception {
        int port = start(limits(16, 64, Duration.ofSeconds(5), Duration.ofMillis(600)), decisions());
        try (Client idle = new Client(port).hello(); Client busy = new Client(port).hello()) {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            int i = 0;
            while (System.nanoTime() < until) {
                busy.send(Spop.tcpCheck(++i, 1, "192.0.2.9"));
                assertEquals(FrameType.ACK, busy.read()[0] & 0xff, "a connection that keeps sending stays open");
                Thread.onSpinWait();
            }
            assertEquals(2, disconnectStatus(idle.read()));
            assertTrue(idle.closedByPeer());
            assertTrue(metrics.idleTimeouts.get() >= 1);
        }
    }

    @Test
    void pastMaxInFlightTheConnectionIsNotReadUntilAnswersLeave() throws Exception {
        List<CompletableFuture<Verdict>> waiting = new CopyOnWriteArrayList<>();
        List<Integer> answeredWhenRead = new CopyOnWriteArrayList<>();
        AtomicInteger answered = new AtomicInteger();
        int port = start(limits(16, 4, Duration.ofSeconds(5), Duration.ofMinutes(5)), (request, verdict) -> {
            answeredWhenRead.add(answered.get());
            CompletableFuture<Verdict> f = new CompletableFuture<>();
            waiting.add(f);
            return f;
        });
        try (Client c = new Client(port).hello()) {
            for (int i = 0; i < 4; i++) {
                c.send(Spop.tcpCheck(i + 1, 1, "192.0.2.9"));
            }
            await().atMost(DEADLINE).until(() -> waiting.size() == 4 && metrics.readPauses.get() == 1);
            for (int i = 4; i < 10; i++) {
                c.send(Spop.tcpCheck(i + 1, 1, "192.0.2.9"));
            }
            for (CompletableFuture<Verdict> f : List.copyOf(waiting.subList(0, 4))) {
                answered.incrementAndGet();
                f.complete(new Verdict());
            }
            await().atMost(DEADLINE).until(() -> waiting.size() == 10);
            waiting.forEach(f -> f.complete(new Verdict()));
            for (int i = 0; i < 10; i++) {
                assertEquals(FrameType.ACK, c.read()[0] & 0xff);
            }
            assertEquals(List.of(0, 0, 0, 0), answeredWhenRead.subList(0, 4));
            // Reading resumes as soon as one answer left; the NOTIFYs waiting in the socket were not read before.
            assertTrue(answeredWhenRead.subList(4, 10).stream().allMatch(n -> n >= 1),
                    "the NOTIFYs sent past the bound were read only once answers left: " + answeredWhenRead);
        }
    }
}
