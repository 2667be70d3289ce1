package io.spoabouncer.app.plugins;

import io.spoabouncer.ports.spi.Factory;
import io.spoabouncer.ports.spi.Plugin;
import java.nio.file.Path;
import java.util.List;

/**
 * A plugin, where it came from (a built-in module, no file; or a jar or folder in the plugins directory),
 * and its factories, asked for once under its own class loader.
 */
public record LoadedPlugin(String name, Plugin plugin, Path file, ClassLoader loader, List<Factory<?, ?>> factories) {
    public LoadedPlugin(String name, Plugin plugin, Path file, ClassLoader loader) {
        this(name, plugin, file, loader, PluginCalls.withLoader(loader, () -> List.copyOf(plugin.factories())));
    }

    public boolean builtIn() {
        return file == null;
    }

    public String origin() {
        return builtIn() ? "built-in " + plugin.getClass().getName() : file.toString();
    }
}
