package io.spoabouncer.domain.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Its source is the steady clock ({@link io.spoabouncer.domain.time.SteadyClock#SYSTEM}): it is compared with that. */
class CoarseClockTest {
    private final CoarseClock clock = CoarseClock.INSTANCE;
    private static final java.util.function.LongSupplier SOURCE = io.spoabouncer.domain.time.SteadyClock.SYSTEM;

    @Test
    void whileReadItStaysWithinATickOfTheWallClock() {
        long until = SOURCE.getAsLong() + 300;
        while (SOURCE.getAsLong() < until) {
            long before = SOURCE.getAsLong();
            long read = clock.getAsLong();
            // a tick, plus scheduling slack on a loaded test machine
            assertTrue(read >= before - CoarseClock.TICK_MILLIS - 200, () -> "clock lags: " + (before - read) + " ms");
        }
    }

    @Test
    void aReadAfterTheTickerWentIdleIsTheRealTimeNotTheLastTick() {
        await().atMost(Duration.ofSeconds(10)).until(clock::idle);
        long parkedAt = clock.lastTick();
        await().atMost(Duration.ofSeconds(10)).until(() -> SOURCE.getAsLong() > parkedAt + 50);
        long before = SOURCE.getAsLong();
        long woke = clock.getAsLong();
        assertTrue(woke >= before, "an idle clock must not answer its last tick");
        // and the read woke the ticker: the time moves on while it is read
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.getAsLong() > woke + CoarseClock.TICK_MILLIS);
    }
}
