package io.spoabouncer.adapter.metrics;

import io.spoabouncer.ports.spi.Factory;
import io.spoabouncer.ports.spi.Kind;
import io.spoabouncer.ports.spi.Plugin;
import java.util.List;

/** Registers the {@code prometheus} metrics back end. */
public final class PrometheusMetricsPlugin implements Plugin {
    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Factory<?, ?>> factories() {
        return List.of(Factory.of(Kind.METRICS, "prometheus", (settings, context) -> new PrometheusMetrics(MetricsSettings.from(settings), context)));
    }
}
