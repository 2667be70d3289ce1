package io.spoabouncer.app.plugins;

import io.spoabouncer.ports.spi.Plugin;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugins: built-ins on the host's class path, then every {@code *.jar} in the plugins directory
 * and every sub-directory of it (all jars inside one sub-directory form one plugin), in name order.
 * Each external plugin gets its own {@link PluginClassLoader}. Any jar that cannot be used stops the start.
 */
public final class PluginLoader {
    private static final Logger log = LoggerFactory.getLogger(PluginLoader.class);

    private PluginLoader() {
    }

    public static List<LoadedPlugin> builtIns(ClassLoader hostLoader) {
        List<LoadedPlugin> out = new ArrayList<>();
        for (Plugin p : ServiceLoader.load(Plugin.class, hostLoader)) {
            out.add(new LoadedPlugin(p.getClass().getSimpleName(), p, null, hostLoader));
        }
        return out;
    }

    public static List<LoadedPlugin> fromDirectory(Path directory, ClassLoader hostLoader) {
        List<LoadedPlugin> out = new ArrayList<>();
        if (directory == null || !Files.isDirectory(directory)) {
            log.info("plugins directory {} does not exist: no external plugins", directory == null ? "(none)" : directory.toAbsolutePath());
            return out;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(directory)) {
            entries = s.filter(p -> Files.isDirectory(p) || p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new PluginLoadException("cannot list plugins directory " + directory + ": " + e.getMessage(), e);
        }
        for (Path entry : entries) {
            if (Files.isDirectory(entry) && jarsOf(entry).isEmpty()) {
                // The repository's plugins/ folder also holds plugin sources: a folder without jars is not a plugin.
                log.info("plugins: {} holds no jar, skipped", entry);
                continue;
            }
            out.add(load(entry, hostLoader));
        }
        return out;
    }

    static LoadedPlugin load(Path entry, ClassLoader hostLoader) {
        List<Path> jars = jarsOf(entry);
        if (jars.isEmpty()) {
            throw new PluginLoadException("plugin " + entry + ": no jar in it");
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < jars.size(); i++) {
            checkJar(entry, jars.get(i));
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new PluginLoadException("plugin " + entry + ": " + e.getMessage(), e);
            }
        }
        String name = entry.getFileName().toString().replaceFirst("\\.jar$", "");
        PluginClassLoader loader = new PluginClassLoader(name, urls, hostLoader);
        List<Plugin> plugins = new ArrayList<>();
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            for (Plugin p : ServiceLoader.load(Plugin.class, loader)) {
                if (p.getClass().getClassLoader() == loader) {
                    plugins.add(p);
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            close(loader);
            throw new PluginLoadException("plugin " + entry + ": cannot load its provider: " + e.getMessage(), e);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        if (plugins.isEmpty()) {
            close(loader);
            throw new PluginLoadException("plugin " + entry + ": no provider of " + Plugin.class.getName()
                    + " (add META-INF/services/" + Plugin.class.getName() + " naming your Plugin class)");
        }
        if (plugins.size() > 1) {
            close(loader);
            throw new PluginLoadException("plugin " + entry + ": " + plugins.size() + " providers of " + Plugin.class.getName() + " (expected: one per plugin)");
        }
        Plugin plugin = plugins.get(0);
        int version;
        try {
            version = plugin.spiVersion();
        } catch (AbstractMethodError firstSpi) {
            // The first SPI had spiVersion() as a default method: a plugin built against it does not implement it.
            version = 1;
        }
        if (version != Plugin.SPI_VERSION) {
            close(loader);
            throw new PluginLoadException("plugin " + entry + " was built for SPI version " + version
                    + " but version " + Plugin.SPI_VERSION + " is running: rebuild it against this release");
        }
        log.info("loaded plugin {} from {}", plugin.getClass().getName(), entry);
        return new LoadedPlugin(name, plugin, entry, loader);
    }

    private static List<Path> jarsOf(Path entry) {
        if (!Files.isDirectory(entry)) {
            return List.of(entry);
        }
        try (Stream<Path> s = Files.list(entry)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new PluginLoadException("plugin " + entry + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static void checkJar(Path entry, Path jar) {
        if (!Files.isReadable(jar)) {
            throw new PluginLoadException("plugin " + entry + ": " + jar + " is not readable");
        }
        try (JarFile f = new JarFile(jar.toFile())) {
            f.stream().count();
        } catch (IOException | SecurityException e) {
            throw new PluginLoadException("plugin " + entry + ": " + jar.getFileName() + " is not a valid jar: " + e.getMessage(), e);
        }
    }

    private static void close(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            log.debug("closing {}: {}", loader, e.toString());
        }
    }
}
