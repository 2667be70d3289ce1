package io.spoabouncer.ports.spi;

import java.util.List;

/**
 * A plugin's single entry point: the factories it contributes, of any {@link Kind}. Built-in adapters
 * are plugins too.
 */
public interface Plugin {
    /** The SPI's major version, bumped on any incompatible change. */
    int SPI_VERSION = 2;

    /**
     * The SPI version this plugin was compiled against. Implement it as {@code return SPI_VERSION;}: javac
     * copies the constant into the plugin's own class, so the host reads the version the plugin was built
     * with (a default method here would run the host's copy and always agree). A mismatch is refused at start.
     */
    int spiVersion();

    List<Factory<?, ?>> factories();
}
