package io.spoabouncer.ports.out;

import io.spoabouncer.domain.decision.Decision;
import java.util.Collection;
import java.util.List;

/** Where one decision source writes; every call is one atomic batch, and a source only touches its own decisions. */
public interface DecisionSink {
    /** Adds and removes decisions in one step; removals match by scope, value and type. */
    void apply(Collection<Decision> additions, Collection<Decision> removals);

    /** Makes this source hold exactly these decisions (startup load, re-read file, full resync). */
    void replace(Collection<Decision> decisions);

    /** Counts input the source had to skip (a malformed line or decision), already logged by the source. */
    void rejected(int count);

    /** The number of decisions this source holds, for logs. */
    int size();

    /** The decisions this source holds now (for a snapshot on disk). */
    List<Decision> current();

    /** Reports an update attempt (success or failure), for the source's metrics and health. */
    default void pulled(boolean success) {
    }
}
