package io.spoabouncer.adapter.spoe.codec;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What all connections together may hold of frames still arriving. One connection is bounded by one
 * frame, but many peers that each send most of a large frame and stall could add up to gigabytes; past
 * this budget the connection that asks for more is refused (AGENT-DISCONNECT "resource allocation error"),
 * and the others keep theirs.
 */
public final class PartialFrameBudget {
    public static final PartialFrameBudget UNBOUNDED = new PartialFrameBudget(Long.MAX_VALUE);

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public PartialFrameBudget(long limit) {
        this.limit = limit;
    }

    boolean take(long bytes) {
        long now = used.addAndGet(bytes);
        if (now > limit) {
            used.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void give(long bytes) {
        used.addAndGet(-bytes);
    }

    public long used() {
        return used.get();
    }

    public long limit() {
        return limit;
    }
}
