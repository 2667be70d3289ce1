package io.spoabouncer.app.plugins;

import io.spoabouncer.ports.spi.Plugin;
import java.nio.file.Path;

/** A plugin and where it came from: a built-in module (no file) or a jar or folder in the plugins directory. */
public record LoadedPlugin(String name, Plugin plugin, Path file, ClassLoader loader) {
    public boolean builtIn() {
        return file == null;
    }

    public String origin() {
        return builtIn() ? "built-in " + plugin.getClass().getName() : file.toString();
    }
}
