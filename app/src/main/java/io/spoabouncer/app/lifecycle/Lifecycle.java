package io.spoabouncer.app.lifecycle;

import io.spoabouncer.ports.spi.Component;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts components in order and stops the started ones in reverse, also when a later start fails. */
public final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private final List<Component> components;
    private final List<Component> started = new ArrayList<>();

    public Lifecycle(List<Component> components) {
        this.components = List.copyOf(components);
    }

    public synchronized void start() {
        for (Component c : components) {
            try {
                c.start();
            } catch (Exception e) {
                StartupException failure = new StartupException("cannot start " + c.describe() + ": " + e.getMessage(), e);
                stop();
                throw failure;
            }
            started.add(c);
            log.info("started {}", c.describe());
        }
    }

    public synchronized void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            Component c = started.get(i);
            try {
                c.stop();
                log.info("stopped {}", c.getClass().getSimpleName());
            } catch (RuntimeException e) {
                log.warn("error stopping {}", c.describe(), e);
            }
        }
        started.clear();
    }

    public List<Component> components() {
        return components;
    }
}
