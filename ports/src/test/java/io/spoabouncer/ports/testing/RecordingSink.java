package io.spoabouncer.ports.testing;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.DecisionSink;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one {@link DecisionSink} stand-in of the decision sources' tests: the host's sink as it behaves (a real
 * {@link DecisionStore}, a startup answer streamed into it holding its writer until commit), and what a test
 * asserts on counted: batches, skipped decisions, failed pulls, failed snapshots.
 */
public final class RecordingSink implements DecisionSink {
    public final DecisionStore store;
    private final String source;
    public final AtomicInteger batches = new AtomicInteger();
    public final AtomicInteger rejected = new AtomicInteger();
    public final AtomicInteger failedPulls = new AtomicInteger();
    public final AtomicInteger failedSnapshots = new AtomicInteger();
    /** Runs before every batch reaches the store (a test records what the world looked like then). */
    public volatile Runnable beforeBatch = () -> { };

    public RecordingSink(DecisionStore store, String source) {
        this.store = store;
        this.source = source;
    }

    public RecordingSink(String source) {
        this(new DecisionStore(), source);
    }

    @Override
    public void apply(Collection<Decision> additions, Collection<Decision> removals) {
        beforeBatch.run();
        store.apply(source, additions, removals);
        batches.incrementAndGet();
    }

    @Override
    public void replace(Collection<Decision> decisions) {
        beforeBatch.run();
        store.replace(source, decisions);
        batches.incrementAndGet();
    }

    @Override
    public Replacement startReplace(int expected) {
        beforeBatch.run();
        DecisionStore.Loader loader = store.startReplace(source, expected);
        return new Replacement() {
            @Override
            public void add(Decision d) {
                loader.add(d);
            }

            @Override
            public void commit() {
                loader.commit();
                batches.incrementAndGet();
            }

            @Override
            public void close() {
                loader.close();
            }
        };
    }

    @Override
    public void rejected(int count) {
        rejected.addAndGet(count);
    }

    @Override
    public void pulled(boolean success) {
        if (!success) {
            failedPulls.incrementAndGet();
        }
    }

    @Override
    public void snapshotFailed() {
        failedSnapshots.incrementAndGet();
    }

    @Override
    public int size() {
        return store.size(source);
    }

    @Override
    public List<Decision> current() {
        return store.all();
    }
}
