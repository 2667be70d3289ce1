package io.spoabouncer.adapter.spoe.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeerLogTest {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final PeerLog log = new PeerLog(Duration.ofSeconds(60), now::get);

    @Test
    void oneLinePerPeerAddressAndInterval_theRestCounted() {
        InetSocketAddress a1 = new InetSocketAddress("127.0.0.1", 40000);
        InetSocketAddress a2 = new InetSocketAddress("127.0.0.1", 40001); // same peer, other port
        InetSocketAddress b = new InetSocketAddress("127.0.0.2", 40000);
        assertEquals(0, log.admit(a1));
        assertEquals(-1, log.admit(a2));
        assertEquals(-1, log.admit(a1));
        assertEquals(0, log.admit(b), "another peer has its own budget");
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        assertEquals(2, log.admit(a1), "the next line says how many were suppressed");
        assertEquals("", PeerLog.suppressed(0));
        assertTrue(PeerLog.suppressed(2).contains("2 similar lines"));
    }

    @Test
    void theTableIsBounded() {
        for (int i = 0; i < PeerLog.MAX_PEERS * 3; i++) {
            log.admit(new InetSocketAddress("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 1));
        }
        assertEquals(0, log.admit(new InetSocketAddress("192.0.2.77", 1)));
    }
}
