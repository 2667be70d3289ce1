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

    /**
     * Starts a replacement fed one decision at a time, so a large startup answer goes from the socket into the
     * store without being held as a list. Nothing changes for lookups until {@link Replacement#commit}; closing
     * without a commit keeps the old set. Other batches may wait while it is open: keep it to one answer.
     */
    default Replacement startReplace(int expected) {
        java.util.List<Decision> all = new java.util.ArrayList<>(Math.max(16, expected));
        return new Replacement() {
            @Override
            public void add(Decision d) {
                all.add(d);
            }

            @Override
            public void commit() {
                replace(all);
            }
        };
    }

    /** A replacement in progress (see {@link #startReplace}); use from one thread, in try-with-resources. */
    interface Replacement extends AutoCloseable {
        void add(Decision d);

        void commit();

        @Override
        default void close() {
        }
    }

    /** The number of decisions this source holds, for logs. */
    int size();

    /** The decisions this source holds now (for a snapshot on disk). */
    List<Decision> current();

    /** Visits the decisions this source holds now without listing them first (a snapshot of a million). */
    default void forEachCurrent(java.util.function.Consumer<Decision> action) {
        current().forEach(action);
    }

    /** Reports an update attempt (success or failure), for the source's metrics and health. */
    default void pulled(boolean success) {
    }

    /** Reports a failed write of the source's snapshot on disk (already logged with its reason). */
    default void snapshotFailed() {
    }
}
