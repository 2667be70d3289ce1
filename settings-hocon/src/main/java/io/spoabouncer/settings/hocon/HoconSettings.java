package io.spoabouncer.settings.hocon;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.spoabouncer.ports.spi.ConfigurationException;
import io.spoabouncer.ports.spi.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /**
     * {@code overrides} (HOCON) placed at {@code path} over every reference.conf on the class path: what
     * a component sees when a user writes these keys. For tests and tools.
     */
    public static Settings of(String path, String overrides) {
        Config root = ConfigFactory.parseString(overrides).atPath(path).withFallback(ConfigFactory.defaultReference()).resolve();
        return new HoconSettings(root.getConfig(path), path);
    }

    /** The subtree at {@code path} of the whole config; empty when absent. */
    public static HoconSettings at(Config root, String path) {
        return new HoconSettings(root.hasPath(path) ? root.getConfig(path) : ConfigFactory.empty(), path);
    }

    private String join(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    @Override
    public ConfigurationException invalid(String key, String problem) {
        return new ConfigurationException(join(key), problem);
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
            throw new ConfigurationException(join(key), "missing");
        } catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw new ConfigurationException(join(key), ConfigErrors.problem(e));
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

    /**
     * Each item is read over the sibling {@code <singular>-defaults} object when the reference declares one
     * ({@code hosts} over {@code host-defaults}, {@code files} over {@code file-defaults}), so defaults are
     * written once, in reference.conf. A block of defaults ({@code captcha}) applies only to an item that has
     * that block: an item without {@code captcha} has no captcha.
     */
    @Override
    public List<String> stringOrStrings(String key) {
        if (config.hasPath(key) && config.getValue(key).valueType() == ConfigValueType.STRING) {
            return List.of(string(key));
        }
        return strings(key);
    }

    @Override
    public List<Settings> list(String key) {
        List<? extends Config> items = read(key, config::getConfigList);
        String defaultsKey = itemDefaultsKey(key);
        Config defaults = defaultsKey != null && config.hasPath(defaultsKey) ? config.getConfig(defaultsKey) : null;
        List<Settings> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Config item = defaults == null ? items.get(i) : overDefaults(items.get(i), defaults);
            out.add(new HoconSettings(item, join(key) + "[" + i + "]"));
        }
        return out;
    }

    /** {@code hosts} → {@code host-defaults}; null for a key that does not end in 's'. */
    public static String itemDefaultsKey(String listKey) {
        return listKey.length() > 1 && listKey.endsWith("s") ? listKey.substring(0, listKey.length() - 1) + "-defaults" : null;
    }

    private static Config overDefaults(Config item, Config defaults) {
        Config merged = item;
        for (Map.Entry<String, ConfigValue> e : defaults.root().entrySet()) {
            String k = ConfigUtil.quoteString(e.getKey());
            boolean block = e.getValue().valueType() == ConfigValueType.OBJECT;
            if (block && item.hasPath(k) && item.getValue(k).valueType() == ConfigValueType.OBJECT) {
                merged = merged.withValue(k, item.getObject(k).withFallback(e.getValue()));
            } else if (!block && !item.hasPathOrNull(k)) {
                merged = merged.withValue(k, e.getValue());
            }
        }
        return merged;
    }

    @Override
    public Settings child(String key) {
        return new HoconSettings(read(key, config::getConfig), join(key));
    }
}
