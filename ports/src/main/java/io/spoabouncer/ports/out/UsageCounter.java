package io.spoabouncer.ports.out;

import java.util.List;

/**
 * What CrowdSec's usage metrics report, counted by the core since the last acknowledged push: requests
 * processed, and dropped per origin label and remediation. A reporter reads, pushes, and on success
 * acknowledges what it sent, so a failed push loses nothing.
 */
public interface UsageCounter {
    UsageCounter NONE = new UsageCounter() {
        @Override
        public Counts read() {
            return new Counts(0, List.of());
        }

        @Override
        public void acknowledge(Counts sent) {
        }
    };

    Counts read();

    /** Takes away counts that were reported, keeping what arrived since. */
    void acknowledge(Counts sent);

    record Counts(long processed, List<Dropped> dropped) {
    }

    /** @param origin CrowdSec's origin label ({@code crowdsec}, {@code cscli}, {@code lists:<scenario>}, ...) */
    record Dropped(String origin, String remediation, long count) {
    }
}
