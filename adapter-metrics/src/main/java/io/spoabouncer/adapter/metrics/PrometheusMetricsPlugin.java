package io.spoabouncer.adapter.metrics;

import io.spoabouncer.ports.spi.MetricsAdapter;
import io.spoabouncer.ports.spi.MetricsContext;
import io.spoabouncer.ports.spi.MetricsFactory;
import io.spoabouncer.ports.spi.Plugin;
import io.spoabouncer.ports.spi.Settings;
import java.util.List;

/** Registers the {@code prometheus} metrics back end. */
public final class PrometheusMetricsPlugin implements Plugin {
    @Override
    public List<MetricsFactory> metricsFactories() {
        return List.of(new MetricsFactory() {
            @Override
            public String name() {
                return "prometheus";
            }

            @Override
            public MetricsAdapter create(Settings settings, MetricsContext context) {
                return new PrometheusMetrics(MetricsSettings.from(settings), context);
            }
        });
    }
}
