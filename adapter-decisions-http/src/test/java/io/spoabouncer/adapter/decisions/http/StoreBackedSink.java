package io.spoabouncer.adapter.decisions.http;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.DecisionSink;
import java.util.Collection;
import java.util.List;

/** The sink the host gives the http source, over a real store, for tests. */
final class StoreBackedSink implements DecisionSink {
    private final DecisionStore store;

    StoreBackedSink(DecisionStore store) {
        this.store = store;
    }

    @Override
    public void apply(Collection<Decision> additions, Collection<Decision> removals) {
        beforeBatch.run();
        store.apply("http", additions, removals);
    }

    /** Runs before every batch reaches the store (tests record what the world looked like then). */
    volatile Runnable beforeBatch = () -> { };

    @Override
    public void replace(Collection<Decision> decisions) {
        beforeBatch.run();
        store.replace("http", decisions);
    }

    /** As the host's sink does: streamed into the store, holding its writer until commit or close. */
    @Override
    public Replacement startReplace(int expected) {
        beforeBatch.run();
        DecisionStore.Loader loader = store.startReplace("http", expected);
        return new Replacement() {
            @Override
            public void add(Decision d) {
                loader.add(d);
            }

            @Override
            public void commit() {
                loader.commit();
            }

            @Override
            public void close() {
                loader.close();
            }
        };
    }

    final java.util.concurrent.atomic.AtomicInteger rejected = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger failedPulls = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void rejected(int count) {
        rejected.addAndGet(count);
    }

    final java.util.concurrent.atomic.AtomicInteger failedSnapshots = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void snapshotFailed() {
        failedSnapshots.incrementAndGet();
    }

    @Override
    public void pulled(boolean success) {
        if (!success) {
            failedPulls.incrementAndGet();
        }
    }

    @Override
    public int size() {
        return store.size("http");
    }

    @Override
    public List<Decision> current() {
        return store.all();
    }
}
