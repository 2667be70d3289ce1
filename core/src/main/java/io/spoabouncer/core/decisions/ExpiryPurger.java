package io.spoabouncer.core.decisions;

import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.domain.time.SteadyClock;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.NoopAgentMetrics;
import io.spoabouncer.ports.spi.Component;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees expired decisions in the background (lookups already ignore them the moment they expire), and says
 * when the machine's clock was stepped: expiries run on {@link SteadyClock}, so a step changes nothing, but
 * an operator comparing times in logs should know.
 */
public final class ExpiryPurger implements Component {
    /** A change of the machine's clock against the steady one larger than this is a step, not NTP's slewing. */
    static final long STEP_MILLIS = 60_000;
    private static final Logger log = LoggerFactory.getLogger(ExpiryPurger.class);
    private final DecisionStore store;
    private final Duration interval;
    private final SteadyClock clock;
    private final AgentMetrics metrics;
    private long lastOffset;
    private ScheduledExecutorService executor;

    public ExpiryPurger(DecisionStore store, Duration interval) {
        this(store, interval, SteadyClock.SYSTEM, new NoopAgentMetrics());
    }

    public ExpiryPurger(DecisionStore store, Duration interval, SteadyClock clock, AgentMetrics metrics) {
        this.store = store;
        this.interval = interval;
        this.clock = clock;
        this.metrics = metrics;
        this.lastOffset = clock.offsetMillis();
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "decision-purger");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::purge, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void purge() {
        checkClock();
        try {
            int n = store.purgeExpired();
            if (n > 0) {
                log.debug("purged {} expired decisions", n);
            }
        } catch (RuntimeException e) {
            log.error("purging expired decisions failed", e);
        }
    }

    private void checkClock() {
        long offset = clock.offsetMillis();
        long step = offset - lastOffset;
        if (Math.abs(step) >= STEP_MILLIS) {
            lastOffset = offset;
            metrics.clockStepped();
            log.warn("the machine's clock was stepped {} by {} s (NTP after a suspend, an operator, a bad RTC): decisions keep"
                    + " expiring by the time elapsed since they arrived, each after its own duration; only log timestamps jump",
                    step > 0 ? "forward" : "back", Math.abs(step) / 1000);
        }
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public String describe() {
        return "expired-decision purger (every " + interval.toSeconds() + "s)";
    }
}
