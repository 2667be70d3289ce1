package io.spoabouncer.domain.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoarseClockTest {
    private final CoarseClock clock = CoarseClock.INSTANCE;

    @Test
    void whileReadItStaysWithinATickOfTheWallClock() {
        long until = System.currentTimeMillis() + 300;
        while (System.currentTimeMillis() < until) {
            long before = System.currentTimeMillis();
            long read = clock.getAsLong();
            // a tick, plus scheduling slack on a loaded test machine
            assertTrue(read >= before - CoarseClock.TICK_MILLIS - 200, () -> "clock lags: " + (before - read) + " ms");
        }
    }

    @Test
    void aReadAfterTheTickerWentIdleIsTheRealTimeNotTheLastTick() {
        await().atMost(Duration.ofSeconds(10)).until(clock::idle);
        long parkedAt = clock.lastTick();
        await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > parkedAt + 50);
        long before = System.currentTimeMillis();
        long woke = clock.getAsLong();
        assertTrue(woke >= before, "an idle clock must not answer its last tick");
        // and the read woke the ticker: the time moves on while it is read
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.getAsLong() > woke + CoarseClock.TICK_MILLIS);
    }
}
