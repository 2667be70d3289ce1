package io.spoabouncer.ports.spi;

import java.util.List;

/** A plugin's single entry point: the factories it contributes. Built-in adapters are plugins too. */
public interface Plugin {
    /** The SPI's major version; a plugin compiled against another one is refused at start. */
    int SPI_VERSION = 1;

    /** The SPI version this plugin was built against; the default is the version it was compiled with. */
    default int spiVersion() {
        return SPI_VERSION;
    }

    default List<DecisionSourceFactory> decisionSourceFactories() {
        return List.of();
    }

    default List<TransportFactory> transportFactories() {
        return List.of();
    }

    default List<MetricsFactory> metricsFactories() {
        return List.of();
    }
}
