package io.spoabouncer.ports.testing;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.spoabouncer.ports.spi.ConfigurationException;
import io.spoabouncer.ports.spi.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Settings for adapter tests: the module's reference.conf under {@code path}, with HOCON overrides on
 * top, read the way the host reads them.
 */
public final class HoconTestSettings implements Settings {
    private final Config config;
    private final String path;

    private HoconTestSettings(Config config, String path) {
        this.config = config;
        this.path = path;
    }

    public static Settings of(String path, String overrides) {
        Config root = ConfigFactory.parseString(overrides).atPath(path).withFallback(ConfigFactory.defaultReference()).resolve();
        return new HoconTestSettings(root.getConfig(path), path);
    }

    private <T> T get(String key, Function<String, T> f) {
        try {
            return f.apply(key);
        } catch (ConfigException e) {
            throw new ConfigurationException(path + "." + key, e.getMessage());
        }
    }

    @Override public String path() { return path; }
    @Override public boolean has(String key) { return config.hasPath(key); }
    @Override public Set<String> keys() { return new TreeSet<>(config.root().keySet()); }
    @Override public String string(String key) { return get(key, config::getString); }
    @Override public int integer(String key) { return get(key, config::getInt); }
    @Override public long longValue(String key) { return get(key, config::getLong); }
    @Override public boolean bool(String key) { return get(key, config::getBoolean); }
    @Override public Duration duration(String key) { return get(key, config::getDuration); }
    @Override public long bytes(String key) { return get(key, config::getBytes); }
    @Override public List<String> strings(String key) { return get(key, config::getStringList); }
    @Override public Settings child(String key) { return new HoconTestSettings(get(key, config::getConfig), path + "." + key); }

    @Override
    public List<Settings> list(String key) {
        return get(key, config::getConfigList).stream().map(c -> (Settings) new HoconTestSettings(c, path + "." + key)).toList();
    }
}
