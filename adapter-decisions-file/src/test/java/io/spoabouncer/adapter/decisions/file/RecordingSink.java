package io.spoabouncer.adapter.decisions.file;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.DecisionSink;
import java.util.Collection;

/** A sink over a real store, counting batches and rejected entries. */
final class RecordingSink implements DecisionSink {
    final DecisionStore store = new DecisionStore();
    volatile int batches;
    volatile int rejected;
    volatile int failedPulls;

    @Override
    public void pulled(boolean success) {
        if (!success) {
            failedPulls++;
        }
    }

    @Override
    public void apply(Collection<Decision> additions, Collection<Decision> removals) {
        store.apply("file", additions, removals);
        batches++;
    }

    @Override
    public void replace(Collection<Decision> decisions) {
        store.replace("file", decisions);
        batches++;
    }

    @Override
    public void rejected(int count) {
        rejected += count;
    }

    @Override
    public java.util.List<Decision> current() {
        return store.all();
    }

    @Override
    public int size() {
        return store.size("file");
    }
}
