package io.spoabouncer.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.spoabouncer.ports.out.AgentMetrics;

/** Wires adapter-metrics. */
public final class MetricsModule extends AbstractModule {
    @Provides
    @Singleton
    AgentMetrics metrics() {
        return AgentMetrics.NOOP;
    }
}
