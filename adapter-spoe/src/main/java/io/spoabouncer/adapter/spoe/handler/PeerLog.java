package io.spoabouncer.adapter.spoe.handler;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Rate limit for log lines about misbehaving peers: at most one line per peer address (port ignored) per
 * interval, so a hostile or broken peer cannot fill the disk. Lines not logged are counted, and the next
 * line for that peer says how many were suppressed. Bounded: past {@link #MAX_PEERS} addresses the table
 * starts over.
 */
public final class PeerLog {
    static final int MAX_PEERS = 10_000;

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, long[]> peers = new ConcurrentHashMap<>();

    public PeerLog(Duration interval) {
        this(interval, System::nanoTime);
    }

    PeerLog(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * -1 when this line must not be logged; otherwise the number of lines suppressed for this peer since its
     * last logged one (log it, mentioning them when not zero).
     */
    public long admit(SocketAddress peer) {
        if (peers.size() >= MAX_PEERS) {
            peers.clear();
        }
        String key = peer instanceof InetSocketAddress ? String.valueOf(((InetSocketAddress) peer).getAddress()) : String.valueOf(peer);
        long now = nanoClock.getAsLong();
        long[] state = peers.computeIfAbsent(key, k -> new long[] {now - intervalNanos, 0});
        synchronized (state) {
            if (now - state[0] >= intervalNanos) {
                long suppressed = state[1];
                state[0] = now;
                state[1] = 0;
                return suppressed;
            }
            state[1]++;
            return -1;
        }
    }

    /** " (N similar lines suppressed)" or "". */
    public static String suppressed(long count) {
        return count > 0 ? " (" + count + " similar lines from this peer suppressed)" : "";
    }
}
