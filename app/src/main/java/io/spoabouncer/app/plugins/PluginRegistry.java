package io.spoabouncer.app.plugins;

import io.spoabouncer.ports.spi.Component;
import io.spoabouncer.ports.spi.Factory;
import io.spoabouncer.ports.spi.Kind;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every factory contributed by every plugin, by kind and name. A bad name, or a name given twice within a
 * kind (by two plugins, or by a plugin and a built-in), stops the start with both origins named.
 */
public final class PluginRegistry implements Closeable {
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    private final List<LoadedPlugin> plugins;
    private final Map<Kind<?, ?>, Map<String, Registered<?, ?>>> byKind = new HashMap<>();

    /** A factory and the plugin it came from (whose class loader its components run under). */
    public record Registered<T extends Component, C>(Factory<T, C> factory, LoadedPlugin plugin) {
    }

    public PluginRegistry(List<LoadedPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
        for (LoadedPlugin p : plugins) {
            for (Factory<?, ?> f : p.factories()) {
                register(p, f);
            }
        }
    }

    private void register(LoadedPlugin plugin, Factory<?, ?> f) {
        String n = f.name();
        if (f.kind() == null) {
            throw new PluginLoadException("plugin " + plugin.origin() + ": factory '" + n + "' has no kind");
        }
        if (n == null || !NAME.matcher(n).matches()) {
            throw new PluginLoadException("plugin " + plugin.origin() + ": " + f.kind() + " name '" + n + "' does not match " + NAME.pattern());
        }
        Map<String, Registered<?, ?>> into = byKind.computeIfAbsent(f.kind(), k -> new LinkedHashMap<>());
        Registered<?, ?> clash = into.get(n);
        if (clash != null) {
            throw new PluginLoadException("plugin " + plugin.origin() + ": " + f.kind() + " '" + n
                    + "' is already provided by " + clash.plugin().origin() + " (names must be unique)");
        }
        into.put(n, new Registered<>(f, plugin));
    }

    /** The factory of this kind and name, or null. */
    @SuppressWarnings("unchecked")
    public <T extends Component, C> Registered<T, C> find(Kind<T, C> kind, String name) {
        return (Registered<T, C>) byKind.getOrDefault(kind, Map.of()).get(name);
    }

    public List<String> names(Kind<?, ?> kind) {
        return new ArrayList<>(byKind.getOrDefault(kind, Map.of()).keySet());
    }

    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    @Override
    public void close() {
        for (LoadedPlugin p : plugins) {
            if (p.loader() instanceof PluginClassLoader) {
                try {
                    ((PluginClassLoader) p.loader()).close();
                } catch (IOException ignored) {
                    // Closing only releases the jar files; nothing to recover.
                }
            }
        }
    }
}
