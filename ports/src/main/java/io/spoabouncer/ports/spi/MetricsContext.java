package io.spoabouncer.ports.spi;

import io.spoabouncer.domain.store.DecisionStore;
import java.util.function.BooleanSupplier;

/** What the host hands a metrics back end: the decisions (for gauges) and the agent's readiness (for health). */
public interface MetricsContext {
    DecisionStore store();

    /** True once every decision source has loaded (or loaded its snapshot). */
    BooleanSupplier ready();
}
