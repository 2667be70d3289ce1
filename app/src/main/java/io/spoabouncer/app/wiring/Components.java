package io.spoabouncer.app.wiring;

import io.spoabouncer.app.lifecycle.Managed;
import io.spoabouncer.app.plugins.PluginCalls;
import io.spoabouncer.app.plugins.PluginRegistry;
import io.spoabouncer.ports.spi.Component;
import io.spoabouncer.ports.spi.ConfigurationException;
import io.spoabouncer.ports.spi.Kind;
import io.spoabouncer.ports.spi.Settings;
import io.spoabouncer.ports.spi.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one way a component is made: find the factory of kind K named N, and create it under its plugin's class loader. */
public final class Components {
    /** Names people write for our built-ins (the Go bouncer's words), for a better "did you mean". */
    private static final Map<String, String> ALIASES = Map.of("lapi", "http", "crowdsec", "http", "stream", "http", "files", "file");

    private static final Logger log = LoggerFactory.getLogger(Components.class);
    static final String MASK = "***";

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
        Set<String> secrets = registered.factory().secretKeys();
        if (log.isDebugEnabled()) {
            log.debug("{} '{}' settings ({}): {}", kind, name, settings.path(), shown(settings, secrets));
        }
        T component;
        try {
            component = PluginCalls.withLoader(loader, () -> registered.factory().create(settings, context));
        } catch (ConfigurationException e) {
            throw redacted(e, settings, secrets);
        }
        return new Created<>(component, new Managed(component, loader));
    }

    /** The settings' top-level values as text, the factory's secrets shown as ***. */
    static String shown(Settings settings, Set<String> secrets) {
        Map<String, String> out = new TreeMap<>();
        for (String key : settings.keys()) {
            out.put(key, secrets.contains(key) ? MASK : valueText(settings, key));
        }
        return out.toString();
    }

    private static String valueText(Settings settings, String key) {
        try {
            return settings.string(key);
        } catch (ConfigurationException notAString) {
            return "{...}";
        }
    }

    /** A factory's error, with any secret value it quotes replaced (a message must never carry a key). */
    static ConfigurationException redacted(ConfigurationException e, Settings settings, Set<String> secrets) {
        List<String> values = new ArrayList<>();
        for (String key : secrets) {
            if (settings.has(key)) {
                String v = valueText(settings, key);
                if (v.length() >= 4) {
                    values.add(v);
                }
            }
        }
        if (values.stream().noneMatch(v -> e.problems().stream().anyMatch(p -> p.contains(v)))) {
            return e;
        }
        List<ConfigurationException> clean = new ArrayList<>();
        for (String problem : e.problems()) {
            String p = problem;
            for (String v : values) {
                p = p.replace(v, MASK);
            }
            int colon = p.indexOf(": ");
            clean.add(new ConfigurationException(colon > 0 ? p.substring(0, colon) : e.path(), colon > 0 ? p.substring(colon + 2) : p));
        }
        return ConfigurationException.of(clean);
    }

    /** The component, and how the lifecycle runs it. */
    public record Created<T extends Component>(T component, Managed managed) {
    }
}
