package io.spoabouncer.ports.spi;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One component's configuration subtree, read with types. Every getter throws
 * {@link ConfigurationException} naming the full key path when the key is missing or has the wrong type.
 * The host implements it over HOCON; components never see the config library.
 */
public interface Settings {
    /** The full path of this subtree, e.g. {@code decisions.file}. */
    String path();

    boolean has(String key);

    /** The keys directly under this subtree, so a component can reject unknown ones in list items. */
    Set<String> keys();

    String string(String key);

    int integer(String key);

    long longValue(String key);

    boolean bool(String key);

    Duration duration(String key);

    /** A size such as {@code 64k} or {@code 1m}, in bytes. */
    long bytes(String key);

    List<String> strings(String key);

    /** A key that takes one string or a list of them (e.g. several LAPI addresses), as a list. */
    List<String> stringOrStrings(String key);

    /** A list of objects (e.g. the files of a source), each as its own subtree. */
    List<Settings> list(String key);

    Settings child(String key);

    /** An error about {@code key} of this subtree, to throw from validation. */
    default ConfigurationException invalid(String key, String problem) {
        return new ConfigurationException(path() + "." + key, problem);
    }
}
