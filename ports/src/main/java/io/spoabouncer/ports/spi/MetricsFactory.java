package io.spoabouncer.ports.spi;

/** Creates the metrics adapter named by {@code metrics.backend}; its settings are the {@code metrics} subtree. */
public interface MetricsFactory {
    String name();

    MetricsAdapter create(Settings settings, MetricsContext context);
}
