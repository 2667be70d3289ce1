package io.spoabouncer.settings.hocon;

import com.typesafe.config.ConfigException;

/** Turns the config library's messages into "problem" text without its origin prefix. */
public final class ConfigErrors {
    private ConfigErrors() {
    }

    public static String problem(ConfigException e) {
        String m = e.getMessage();
        // Messages read "<origin>: <path> has type X rather than Y": keep what follows the path.
        int has = m.indexOf(" has type ");
        if (has >= 0) {
            return m.substring(has + 1);
        }
        int colon = m.indexOf(": ");
        return colon >= 0 ? m.substring(colon + 2) : m;
    }
}
