package io.spoabouncer.domain.time;

import java.util.function.LongSupplier;

/**
 * Wall-clock milliseconds that advance only with the monotonic clock: the wall clock is read once, then
 * moved forward by elapsed {@code nanoTime}. Decision expiries are "received at + LAPI's duration", so
 * measured on this clock a decision lasts exactly its duration: when the machine's clock is stepped (NTP
 * after a suspend, an operator, a bad RTC) decisions do not all expire at once (a step forward) nor
 * outlive their duration (a step back). {@link #offsetMillis()} says how far the machine's clock now is
 * from this one, so the step can be logged.
 */
public final class SteadyClock implements LongSupplier {
    /** The one the agent runs on. */
    public static final SteadyClock SYSTEM = new SteadyClock(System::currentTimeMillis, System::nanoTime);

    private final LongSupplier wallMillis;
    private final LongSupplier nanoTime;
    private final long baseWall;
    private final long baseNano;

    /** Tests step {@code wallMillis} and advance {@code nanoTime} by hand. */
    public SteadyClock(LongSupplier wallMillis, LongSupplier nanoTime) {
        this.wallMillis = wallMillis;
        this.nanoTime = nanoTime;
        this.baseNano = nanoTime.getAsLong();
        this.baseWall = wallMillis.getAsLong();
    }

    @Override
    public long getAsLong() {
        return baseWall + (nanoTime.getAsLong() - baseNano) / 1_000_000;
    }

    /** The machine's clock minus this one: 0 unless the machine's clock was stepped since the start. */
    public long offsetMillis() {
        return wallMillis.getAsLong() - getAsLong();
    }
}
