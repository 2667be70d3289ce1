package io.spoabouncer.app.plugins;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * One plugin's class loader (Trino's model). Its parent is the platform loader, so the plugin sees the
 * JDK and its own jars, never the host's libraries; only classes and resources of the SPI packages are
 * delegated to the host, so an SPI type has one identity on both sides.
 */
public final class PluginClassLoader extends URLClassLoader {
    /** What a plugin shares with the host: the SPI and the domain types it carries. Nothing else. */
    static final List<String> SPI_PACKAGES = List.of("io.spoabouncer.ports.", "io.spoabouncer.domain.");

    private final String pluginName;
    private final ClassLoader spiLoader;

    public PluginClassLoader(String pluginName, URL[] urls, ClassLoader spiLoader) {
        super(pluginName, urls, ClassLoader.getPlatformClassLoader());
        this.pluginName = pluginName;
        this.spiLoader = spiLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            if (isSpiClass(name)) {
                Class<?> c = spiLoader.loadClass(name);
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
            return super.loadClass(name, resolve);
        }
    }

    @Override
    public URL getResource(String name) {
        return isSpiResource(name) ? spiLoader.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isSpiResource(name)) {
            return spiLoader.getResources(name);
        }
        return super.getResources(name);
    }

    /** Only this plugin's own copies of a resource, not the platform's (used for reference.conf). */
    public List<URL> ownResources(String name) throws IOException {
        return new ArrayList<>(Collections.list(findResources(name)));
    }

    static boolean isSpiClass(String name) {
        for (String prefix : SPI_PACKAGES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static boolean isSpiResource(String name) {
        return isSpiClass(name.replace('/', '.'));
    }

    @Override
    public String toString() {
        return "PluginClassLoader[" + pluginName + "@" + Integer.toHexString(System.identityHashCode(this)) + "]";
    }
}
