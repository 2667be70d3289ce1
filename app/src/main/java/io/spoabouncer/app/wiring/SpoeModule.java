package io.spoabouncer.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import io.spoabouncer.app.config.HoconSettings;
import io.spoabouncer.app.plugins.PluginRegistry;
import io.spoabouncer.ports.in.RequestHandler;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.spi.ConfigurationException;
import io.spoabouncer.ports.spi.Transport;
import io.spoabouncer.ports.spi.TransportFactory;

/** Wires adapter-spoe: the transport named by {@code transport}, configured from the subtree of that name. */
public final class SpoeModule extends AbstractModule {
    @Provides
    @Singleton
    Transport transport(AppSettings app, PluginRegistry registry, Config config, RequestHandler handler, AgentMetrics metrics) {
        PluginRegistry.Registered<TransportFactory> registered = registry.transport(app.transport());
        if (registered == null) {
            throw new ConfigurationException("transport", "unknown transport '" + app.transport()
                    + "' (available: " + String.join(", ", registry.transportNames()) + ")");
        }
        return PluginCalls.withLoader(registered.plugin().loader(),
                () -> registered.factory().create(HoconSettings.at(config, app.transport()), handler, metrics));
    }
}
