package io.spoabouncer.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spoabouncer.adapter.metrics.MetricsEndpoint;
import io.spoabouncer.adapter.metrics.MetricsSettings;
import io.spoabouncer.adapter.metrics.MicrometerMetrics;
import io.spoabouncer.app.config.HoconSettings;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.service.UsageTally;
import jakarta.inject.Provider;

/** Wires adapter-metrics: Micrometer with a Prometheus registry when metrics.enabled, no-op metrics otherwise. */
public final class MetricsModule extends AbstractModule {
    @Provides
    @Singleton
    MetricsSettings settings(Config config) {
        return MetricsSettings.from(HoconSettings.at(config, "metrics"));
    }

    @Provides
    @Singleton
    PrometheusMeterRegistry registry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Provides
    @Singleton
    UsageTally usage() {
        return new UsageTally();
    }

    /** The request path reports to the usage tally (for LAPI's usage metrics) and, when enabled, to Micrometer. */
    @Provides
    @Singleton
    AgentMetrics metrics(MetricsSettings settings, PrometheusMeterRegistry registry, UsageTally usage) {
        return settings.enabled() ? new FanOutMetrics(new MicrometerMetrics(registry), usage) : usage;
    }

    @Provides
    @Singleton
    MetricsEndpoint endpoint(MetricsSettings settings, PrometheusMeterRegistry registry, DecisionStore store, Provider<DecisionSources> sources) {
        // Ready once every decision source has loaded (or loaded its snapshot).
        return new MetricsEndpoint(settings, registry, store, () -> sources.get().all().stream().allMatch(s -> s.isLoaded()));
    }
}
