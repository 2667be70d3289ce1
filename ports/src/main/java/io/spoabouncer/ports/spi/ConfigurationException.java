package io.spoabouncer.ports.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * A configuration value is missing, of the wrong type, or out of range: the message names the key. One
 * exception may carry several problems (a component reports all of its own at once, see {@link Problems}).
 */
public final class ConfigurationException extends RuntimeException {
    private final String path;
    private final List<String> problems;

    public ConfigurationException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
        this.problems = List.of(path + ": " + problem);
    }

    private ConfigurationException(List<ConfigurationException> all) {
        super(String.join(System.lineSeparator(), flatten(all)));
        this.path = all.get(0).path;
        this.problems = flatten(all);
    }

    /** One exception for several problems (at least one). */
    public static ConfigurationException of(List<ConfigurationException> all) {
        return all.size() == 1 ? all.get(0) : new ConfigurationException(all);
    }

    private static List<String> flatten(List<ConfigurationException> all) {
        List<String> out = new ArrayList<>();
        for (ConfigurationException e : all) {
            out.addAll(e.problems);
        }
        return List.copyOf(out);
    }

    /** The key of the first problem. */
    public String path() {
        return path;
    }

    /** Every problem, one line each ("key: problem"). */
    public List<String> problems() {
        return problems;
    }
}
