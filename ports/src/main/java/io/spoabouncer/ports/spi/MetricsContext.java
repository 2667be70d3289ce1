package io.spoabouncer.ports.spi;

import io.spoabouncer.ports.out.DecisionView;
import java.util.function.BooleanSupplier;

/** What the host hands a metrics back end: the decisions, read only (for gauges), and readiness (for health). */
public interface MetricsContext {
    DecisionView decisions();

    /** True once every decision source has loaded (or loaded its snapshot). */
    BooleanSupplier ready();
}
