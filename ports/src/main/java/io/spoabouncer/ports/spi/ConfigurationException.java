package io.spoabouncer.ports.spi;

/** A configuration value is missing, of the wrong type, or out of range: the message names the key. */
public final class ConfigurationException extends RuntimeException {
    private final String path;

    public ConfigurationException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
