package io.spoabouncer.adapter.decisions.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with full jitter, so a fleet of agents does not retry in step. */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private int failures;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The delay before the next attempt after one more failure. */
    long nextDelayMillis() {
        failures++;
        long ceiling = initialMillis << Math.min(failures - 1, 20);
        if (ceiling <= 0 || ceiling > maxMillis) {
            ceiling = maxMillis;
        }
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    void reset() {
        failures = 0;
    }

    int failures() {
        return failures;
    }
}
