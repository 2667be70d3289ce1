package io.spoabouncer.adapter.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.spi.MetricsAdapter;
import io.spoabouncer.ports.spi.MetricsContext;

/** The Prometheus back end: Micrometer meters when enabled (no-op otherwise) and the scrape endpoint. */
public final class PrometheusMetrics implements MetricsAdapter {
    private final MetricsSettings settings;
    private final AgentMetrics metrics;
    private final MetricsEndpoint endpoint;

    public PrometheusMetrics(MetricsSettings settings, MetricsContext context) {
        this.settings = settings;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.metrics = settings.enabled() ? new MicrometerMetrics(registry) : AgentMetrics.NOOP;
        this.endpoint = new MetricsEndpoint(settings, registry, context.decisions(), context.ready());
    }

    @Override
    public AgentMetrics metrics() {
        return metrics;
    }

    @Override
    public void start() throws Exception {
        endpoint.start();
    }

    @Override
    public void stop() {
        endpoint.stop();
    }

    /** The endpoint's port (0 in the settings picks a free one), or -1 when off. */
    public int port() {
        return endpoint.port();
    }

    /** Recounts active decisions now (the endpoint does it at an interval). */
    public void refreshNow() {
        endpoint.refreshNow();
    }

    @Override
    public String describe() {
        return settings.enabled() ? endpoint.describe() : "metrics (off: metrics.enabled = false)";
    }
}
