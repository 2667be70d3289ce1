package io.spoabouncer.core.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.domain.time.SteadyClock;
import io.spoabouncer.ports.out.NoopAgentMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The machine's clock stepped an hour forward, then back, through the agent's clock sources (never the
 * machine's clock): decisions expire after their own duration, not all at once at the step, and none is
 * kept forever. Each step is logged once and counted.
 */
class ClockStepTest {
    static final long MINUTE = 60_000;
    final AtomicLong wall = new AtomicLong(1_800_000_000_000L);
    final AtomicLong nanos = new AtomicLong(42);
    final SteadyClock clock = new SteadyClock(wall::get, nanos::get);
    final DecisionFactory f = new DecisionFactory();
    int steps;
    final NoopAgentMetrics metrics = new NoopAgentMetrics() {
        @Override
        public void clockStepped() {
            steps++;
        }
    };

    void elapse(long millis) {
        nanos.addAndGet(millis * 1_000_000);
        wall.addAndGet(millis);
    }

    static boolean banned(DecisionStore store, String ip) {
        IpAddress a = IpAddress.parse(ip);
        return store.lookup(a.hi(), a.lo(), 0, -1) != null;
    }

    /** What a feed does with LAPI's "duration": received now, on the agent's clock. */
    void receive(DecisionStore store, LongSupplierClock on) {
        long now = on.now();
        store.apply("lapi", List.of(f.create("Ip", "192.0.2.30", "ban", "crowdsec", "s", now + 30 * MINUTE, "lapi"),
                f.create("Ip", "192.0.2.120", "ban", "crowdsec", "s", now + 120 * MINUTE, "lapi")), List.of());
    }

    interface LongSupplierClock {
        long now();
    }

    @Test
    void aStepForwardExpiresNothingEarly_aStepBackKeepsNothingLonger() {
        DecisionStore store = new DecisionStore(clock);
        ExpiryPurger purger = new ExpiryPurger(store, Duration.ofSeconds(1), clock, metrics);
        receive(store, clock::getAsLong);
        // What the agent did before: the same decisions judged on the machine's clock.
        DecisionStore onWall = new DecisionStore(wall::get);
        receive(onWall, wall::get);

        wall.addAndGet(60 * MINUTE); // stepped an hour forward
        purger.purge();
        assertEquals(1, steps, "the step is counted (and logged) once");
        assertTrue(banned(store, "192.0.2.30") && banned(store, "192.0.2.120"), "nothing expires at the step");
        assertFalse(banned(onWall, "192.0.2.30"), "on the machine's clock the 30-minute ban was gone at once");
        purger.purge();
        assertEquals(1, steps, "one step, one count");

        elapse(29 * MINUTE);
        assertTrue(banned(store, "192.0.2.30"), "still within its 30 minutes");
        elapse(2 * MINUTE);
        assertFalse(banned(store, "192.0.2.30"), "expired after its 30 minutes, by the time elapsed");
        assertTrue(banned(store, "192.0.2.120"));
        purger.purge();
        assertEquals(1, store.size(), "the expired one is freed");

        wall.addAndGet(-120 * MINUTE); // stepped two hours back
        purger.purge();
        assertEquals(2, steps);
        elapse(88 * MINUTE);
        assertTrue(banned(store, "192.0.2.120"), "still within its two hours");
        elapse(2 * MINUTE);
        assertFalse(banned(store, "192.0.2.120"), "expired after its two hours, not two hours later as the step back would have it");
        purger.purge();
        assertEquals(0, store.size(), "nothing kept");
        assertNull(store.lookup(0, 0, 0, -1));
    }
}
