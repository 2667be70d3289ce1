package io.spoabouncer.core.decisions;

import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.spi.Component;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Frees expired decisions in the background; lookups already ignore them the moment they expire. */
public final class ExpiryPurger implements Component {
    private static final Logger log = LoggerFactory.getLogger(ExpiryPurger.class);
    private final DecisionStore store;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public ExpiryPurger(DecisionStore store, Duration interval) {
        this.store = store;
        this.interval = interval;
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

    private void purge() {
        try {
            int n = store.purgeExpired();
            if (n > 0) {
                log.debug("purged {} expired decisions", n);
            }
        } catch (RuntimeException e) {
            log.error("purging expired decisions failed", e);
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
