package io.spoabouncer.app.lifecycle;

import io.spoabouncer.app.plugins.PluginCalls;
import io.spoabouncer.ports.spi.Component;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts components in order and stops the started ones in reverse, also when a later start fails. Each
 * start and stop runs under the component's plugin class loader, as its creation did.
 */
public final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private final List<Managed> components;
    private final List<Managed> started = new ArrayList<>();

    public Lifecycle(List<Managed> components) {
        this.components = List.copyOf(components);
    }

    public synchronized void start() {
        for (Managed m : components) {
            Component c = m.component();
            try {
                PluginCalls.run(m.loader(), c::start);
            } catch (Exception e) {
                StartupException failure = new StartupException("cannot start " + c.describe() + ": " + e.getMessage(), e);
                stop();
                throw failure;
            }
            started.add(m);
            log.info("started {}", c.describe());
        }
    }

    public synchronized void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            Managed m = started.get(i);
            try {
                PluginCalls.run(m.loader(), () -> m.component().stop());
                log.info("stopped {}", m.component().getClass().getSimpleName());
            } catch (Exception e) {
                log.warn("error stopping {}", m.component().describe(), e);
            }
        }
        started.clear();
    }

    public List<Component> components() {
        return components.stream().map(Managed::component).toList();
    }
}
