package io.spoabouncer.adapter.decisions.http;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;

/** What the LAPI-side fuzz targets share: the factory, the clock, and the check that a kept decision is whole. */
final class FuzzDecisions {
    static final DecisionFactory FACTORY = new DecisionFactory();
    static final long NOW = 1_800_000_000_000L;

    private FuzzDecisions() {
    }

    static void whole(Decision d) {
        assertNotNull(d.scope());
        assertNotNull(d.value());
        assertNotNull(d.type());
    }
}
