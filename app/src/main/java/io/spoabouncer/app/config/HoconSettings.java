package io.spoabouncer.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.spoabouncer.ports.spi.ConfigurationException;
import io.spoabouncer.ports.spi.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** {@link Settings} over a HOCON subtree: components read typed values without knowing the library. */
public final class HoconSettings implements Settings {
    private final Config config;
    private final String path;

    public HoconSettings(Config config, String path) {
        this.config = config;
        this.path = path;
    }

    /** The subtree at {@code path} of the whole config; empty when absent. */
    public static HoconSettings at(Config root, String path) {
        return new HoconSettings(root.hasPath(path) ? root.getConfig(path) : ConfigFactory.empty(), path);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public boolean has(String key) {
        return config.hasPath(key);
    }

    private <T> T read(String key, Function<String, T> getter) {
        try {
            return getter.apply(key);
        } catch (ConfigException.Missing e) {
            throw new ConfigurationException(path + "." + key, "missing");
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw new ConfigurationException(path + "." + key, ConfigErrors.problem(e));
        }
    }

    @Override
    public Set<String> keys() {
        return new TreeSet<>(config.root().keySet());
    }

    @Override
    public String string(String key) {
        return read(key, config::getString);
    }

    @Override
    public int integer(String key) {
        return read(key, config::getInt);
    }

    @Override
    public long longValue(String key) {
        return read(key, config::getLong);
    }

    @Override
    public boolean bool(String key) {
        return read(key, config::getBoolean);
    }

    @Override
    public Duration duration(String key) {
        return read(key, config::getDuration);
    }

    @Override
    public long bytes(String key) {
        return read(key, config::getBytes);
    }

    @Override
    public List<String> strings(String key) {
        return read(key, config::getStringList);
    }

    @Override
    public List<Settings> list(String key) {
        List<? extends Config> items = read(key, config::getConfigList);
        List<Settings> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(new HoconSettings(items.get(i), path + "." + key + "[" + i + "]"));
        }
        return out;
    }

    @Override
    public Settings child(String key) {
        return new HoconSettings(read(key, config::getConfig), path + "." + key);
    }
}
