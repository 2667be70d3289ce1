package io.spoabouncer.ports.out;

import io.spoabouncer.domain.decision.Decision;
import java.util.function.Consumer;

/** The decisions the agent holds, read only: what plugins that observe (metrics, geo) may see. */
public interface DecisionView {
    int size();

    /** Every decision held, expired ones not yet purged included. */
    void forEach(Consumer<Decision> action);

    /** Changes whenever the decisions held change (adds, removals, purges of expired ones). */
    long generation();

    /** True when a Country or AS decision is held (they need the geo databases to match). */
    boolean hasGeoDecisions();
}
