package io.spoabouncer.domain.store;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The agent's clock ({@link io.spoabouncer.domain.time.SteadyClock#SYSTEM}: the wall clock, immune to its
 * steps) to within a {@value #TICK_MILLIS} ms tick, read as a plain field. A lookup judges expiry
 * against it instead of calling {@link System#currentTimeMillis()}, whose timestamp read waits for every
 * load in flight to finish (the vDSO orders it with a fence): on a store bigger than the caches that turns
 * overlapping cache misses into one after another, several times the cost of the lookup itself.
 * <p>
 * One daemon thread ticks it for every store in the JVM, and only while it is read: after a tick with no
 * reader it parks (an idle agent spends nothing on it), and the next reader reads the real clock and wakes
 * it. A decision can so be applied up to a tick past its expiry.
 */
final class CoarseClock implements LongSupplier {
    static final CoarseClock INSTANCE = new CoarseClock();
    static final long TICK_MILLIS = 10;

    private volatile long now = io.spoabouncer.domain.time.SteadyClock.SYSTEM.getAsLong();
    /** True while the ticker keeps {@link #now} current. */
    private volatile boolean fresh;
    /** Set by readers, cleared by the ticker: was the clock read in the last tick. */
    private volatile boolean used;
    private volatile boolean parked;
    private final Thread ticker;

    private CoarseClock() {
        ticker = new Thread(this::tick, "decision-store-clock");
        ticker.setDaemon(true);
        ticker.start();
    }

    @Override
    public long getAsLong() {
        if (fresh) {
            if (!used) {
                used = true; // one write a tick, not one a lookup
            }
            return now;
        }
        return wake();
    }

    private long wake() {
        long t = io.spoabouncer.domain.time.SteadyClock.SYSTEM.getAsLong();
        now = t;
        used = true;
        fresh = true;
        if (parked) {
            LockSupport.unpark(ticker);
        }
        return t;
    }

    private void tick() {
        while (true) {
            LockSupport.parkNanos(TICK_MILLIS * 1_000_000);
            now = io.spoabouncer.domain.time.SteadyClock.SYSTEM.getAsLong();
            if (used) {
                used = false;
                continue;
            }
            fresh = false; // readers read the real clock from now on, and wake us
            parked = true;
            while (!fresh) { // a reader that set fresh after our check saw parked and unparked us
                LockSupport.park(this);
            }
            parked = false;
        }
    }

    /** For tests: the ticker is parked, waiting for a reader. */
    boolean idle() {
        return parked;
    }

    /** For tests: the value readers get while the ticker runs. */
    long lastTick() {
        return now;
    }
}
