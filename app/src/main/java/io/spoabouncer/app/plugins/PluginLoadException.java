package io.spoabouncer.app.plugins;

/** A plugin cannot be loaded; the message names the file and the cause. The agent does not start. */
public final class PluginLoadException extends RuntimeException {
    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    public PluginLoadException(String message) {
        super(message);
    }
}
