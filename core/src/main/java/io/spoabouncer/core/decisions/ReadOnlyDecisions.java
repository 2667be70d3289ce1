package io.spoabouncer.core.decisions;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.DecisionView;
import java.util.function.Consumer;

/** The store as observers see it: they can count and read, never write. */
public final class ReadOnlyDecisions implements DecisionView {
    private final DecisionStore store;

    public ReadOnlyDecisions(DecisionStore store) {
        this.store = store;
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public void forEach(Consumer<Decision> action) {
        store.forEach(action);
    }

    @Override
    public long generation() {
        return store.generation();
    }

    @Override
    public boolean hasGeoDecisions() {
        return store.hasGeoDecisions();
    }
}
