package io.spoabouncer.ports.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects a component's configuration problems so the operator sees all of them in one run: each
 * {@link #read} that fails is recorded and answers a fallback, and {@link #throwIfAny()} ends validation.
 */
public final class Problems {
    private final List<ConfigurationException> found = new ArrayList<>();

    /** The value {@code read} gives, or {@code fallback} after recording its problem. */
    public <T> T read(Supplier<T> read, T fallback) {
        try {
            return read.get();
        } catch (ConfigurationException e) {
            found.add(e);
            return fallback;
        }
    }

    /** Runs a check, recording its problem if it fails. */
    public void check(Runnable check) {
        read(() -> {
            check.run();
            return null;
        }, null);
    }

    public void add(ConfigurationException e) {
        found.add(e);
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw ConfigurationException.of(found);
        }
    }
}
