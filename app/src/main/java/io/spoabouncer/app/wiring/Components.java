package io.spoabouncer.app.wiring;

import io.spoabouncer.app.lifecycle.Managed;
import io.spoabouncer.app.plugins.PluginCalls;
import io.spoabouncer.app.plugins.PluginRegistry;
import io.spoabouncer.ports.spi.Component;
import io.spoabouncer.ports.spi.ConfigurationException;
import io.spoabouncer.ports.spi.Kind;
import io.spoabouncer.ports.spi.Settings;
import io.spoabouncer.ports.spi.Suggestions;
import java.util.Map;

/** The one way a component is made: find the factory of kind K named N, and create it under its plugin's class loader. */
public final class Components {
    /** Names people write for our built-ins (the Go bouncer's words), for a better "did you mean". */
    private static final Map<String, String> ALIASES = Map.of("lapi", "http", "crowdsec", "http", "stream", "http", "files", "file");

    private final PluginRegistry registry;

    public Components(PluginRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param configKey the key that named it, for the error message
     * @throws ConfigurationException for an unknown name (with the nearest one) or a bad setting
     */
    public <T extends Component, C> Created<T> create(Kind<T, C> kind, String name, String configKey, Settings settings, C context) {
        PluginRegistry.Registered<T, C> registered = registry.find(kind, name);
        if (registered == null) {
            String alias = ALIASES.get(name);
            String message = Suggestions.unknown(kind.label(), name, registry.names(kind));
            if (alias != null && registry.names(kind).contains(alias) && !message.contains("Did you mean")) {
                message = message.replaceFirst("' \\(", "'. Did you mean '" + alias + "'? (");
            }
            throw new ConfigurationException(configKey, message);
        }
        ClassLoader loader = registered.plugin().loader();
        T component = PluginCalls.withLoader(loader, () -> registered.factory().create(settings, context));
        return new Created<>(component, new Managed(component, loader));
    }

    /** The component, and how the lifecycle runs it. */
    public record Created<T extends Component>(T component, Managed managed) {
    }
}
