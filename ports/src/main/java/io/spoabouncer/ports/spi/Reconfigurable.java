package io.spoabouncer.ports.spi;

/**
 * A component that takes new settings while it runs (hot reload). The host validated the whole new
 * configuration first; {@code reconfigure} checks its own settings again and either applies them all or
 * throws {@link ConfigurationException} and keeps the running ones.
 */
public interface Reconfigurable {
    void reconfigure(Settings settings);
}
