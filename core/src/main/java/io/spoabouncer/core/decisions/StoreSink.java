package io.spoabouncer.core.decisions;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.DecisionSink;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/** A decision source's view of the store: bound to its name, counted (metrics looked up at use: they may start after the sink is made). */
public final class StoreSink implements DecisionSink {
    private final DecisionStore store;
    private final String source;
    private final Supplier<AgentMetrics> metrics;

    public StoreSink(DecisionStore store, String source, Supplier<AgentMetrics> metrics) {
        this.store = store;
        this.source = source;
        this.metrics = metrics;
    }

    @Override
    public void apply(Collection<Decision> additions, Collection<Decision> removals) {
        DecisionStore.BatchResult r = store.apply(source, additions, removals);
        metrics.get().decisionsApplied(source, r.added(), r.removed());
    }

    @Override
    public void replace(Collection<Decision> decisions) {
        DecisionStore.BatchResult r = store.replace(source, decisions);
        metrics.get().decisionsApplied(source, r.added(), r.removed());
    }

    @Override
    public Replacement startReplace(int expected) {
        DecisionStore.Loader loader = store.startReplace(source, expected);
        return new Replacement() {
            @Override
            public void add(Decision d) {
                loader.add(d);
            }

            @Override
            public void commit() {
                DecisionStore.BatchResult r = loader.commit();
                metrics.get().decisionsApplied(source, r.added(), r.removed());
            }

            @Override
            public void close() {
                loader.close();
            }
        };
    }

    @Override
    public void rejected(int count) {
        metrics.get().decisionsRejected(source, count);
    }

    @Override
    public void pulled(boolean success) {
        metrics.get().sourcePulled(source, success);
    }

    @Override
    public void snapshotFailed() {
        metrics.get().snapshotFailed(source);
    }

    @Override
    public int size() {
        return store.size(source);
    }

    /** Straight from the store: neither lookups nor batches wait for it (see {@link DecisionStore#forEach}). */
    @Override
    public void forEachCurrent(java.util.function.Consumer<Decision> action) {
        store.forEach(d -> {
            if (d.source().equals(source)) {
                action.accept(d);
            }
        });
    }

    @Override
    public List<Decision> current() {
        return store.all().stream().filter(d -> d.source().equals(source)).toList();
    }
}
