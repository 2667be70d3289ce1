package io.spoabouncer.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import io.spoabouncer.app.config.HoconSettings;
import io.spoabouncer.app.plugins.PluginRegistry;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.service.UsageTally;
import io.spoabouncer.ports.spi.ConfigurationException;
import io.spoabouncer.ports.spi.MetricsAdapter;
import io.spoabouncer.ports.spi.MetricsContext;
import io.spoabouncer.ports.spi.MetricsFactory;
import jakarta.inject.Provider;
import java.util.function.BooleanSupplier;

/** Wires the metrics back end named by {@code metrics.backend} (adapter-metrics' "prometheus" by default). */
public final class MetricsModule extends AbstractModule {
    @Provides
    @Singleton
    MetricsAdapter adapter(Config config, PluginRegistry registry, DecisionStore store, Provider<DecisionSources> sources) {
        String name = config.getString("metrics.backend");
        PluginRegistry.Registered<MetricsFactory> registered = registry.metrics(name);
        if (registered == null) {
            throw new ConfigurationException("metrics.backend", "unknown metrics back end '" + name
                    + "' (available: " + String.join(", ", registry.metricsNames()) + ")");
        }
        // Ready once every decision source has loaded (or loaded its snapshot).
        BooleanSupplier ready = () -> sources.get().all().stream().allMatch(s -> s.isLoaded());
        MetricsContext context = new MetricsContext() {
            @Override
            public DecisionStore store() {
                return store;
            }

            @Override
            public BooleanSupplier ready() {
                return ready;
            }
        };
        return PluginCalls.withLoader(registered.plugin().loader(), () -> registered.factory().create(HoconSettings.at(config, "metrics"), context));
    }

    @Provides
    @Singleton
    UsageTally usage() {
        return new UsageTally();
    }

    /** The request path reports to the usage tally (for LAPI's usage metrics) and, when enabled, to the back end. */
    @Provides
    @Singleton
    AgentMetrics metrics(MetricsAdapter adapter, UsageTally usage) {
        AgentMetrics backend = adapter.metrics();
        return backend == AgentMetrics.NOOP ? usage : new FanOutMetrics(backend, usage);
    }
}
