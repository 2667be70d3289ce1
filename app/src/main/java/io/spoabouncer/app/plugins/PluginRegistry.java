package io.spoabouncer.app.plugins;

import io.spoabouncer.ports.spi.DecisionSourceFactory;
import io.spoabouncer.ports.spi.MetricsFactory;
import io.spoabouncer.ports.spi.TransportFactory;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every factory contributed by every plugin, by name. A bad name, or a name given twice (by two plugins,
 * or by a plugin and a built-in), stops the start with both origins named.
 */
public final class PluginRegistry implements Closeable {
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    private final List<LoadedPlugin> plugins;
    private final Map<String, Registered<DecisionSourceFactory>> sources = new LinkedHashMap<>();
    private final Map<String, Registered<TransportFactory>> transports = new LinkedHashMap<>();
    private final Map<String, Registered<MetricsFactory>> metrics = new LinkedHashMap<>();

    public record Registered<T>(T factory, LoadedPlugin plugin) {
    }

    public PluginRegistry(List<LoadedPlugin> plugins) {
        this.plugins = List.copyOf(plugins);
        for (LoadedPlugin p : plugins) {
            register(p, p.plugin().decisionSourceFactories(), DecisionSourceFactory::name, sources, "decision source");
            register(p, p.plugin().transportFactories(), TransportFactory::name, transports, "transport");
            register(p, p.plugin().metricsFactories(), MetricsFactory::name, metrics, "metrics back end");
        }
    }

    private static <T> void register(LoadedPlugin plugin, List<T> factories, Function<T, String> name,
                                     Map<String, Registered<T>> into, String kind) {
        for (T f : factories) {
            String n = name.apply(f);
            if (n == null || !NAME.matcher(n).matches()) {
                throw new PluginLoadException("plugin " + plugin.origin() + ": " + kind + " name '" + n + "' does not match " + NAME.pattern());
            }
            Registered<T> clash = into.get(n);
            if (clash != null) {
                throw new PluginLoadException("plugin " + plugin.origin() + ": " + kind + " '" + n
                        + "' is already provided by " + clash.plugin().origin() + " (names must be unique)");
            }
            into.put(n, new Registered<>(f, plugin));
        }
    }

    public Registered<DecisionSourceFactory> decisionSource(String name) {
        return sources.get(name);
    }

    public Registered<TransportFactory> transport(String name) {
        return transports.get(name);
    }

    public Registered<MetricsFactory> metrics(String name) {
        return metrics.get(name);
    }

    public List<String> metricsNames() {
        return new ArrayList<>(metrics.keySet());
    }

    public List<String> decisionSourceNames() {
        return new ArrayList<>(sources.keySet());
    }

    public List<String> transportNames() {
        return new ArrayList<>(transports.keySet());
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
