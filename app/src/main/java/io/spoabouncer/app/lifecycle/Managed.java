package io.spoabouncer.app.lifecycle;

import io.spoabouncer.ports.spi.Component;

/** A component and the class loader its start and stop run under (its plugin's, or the host's). */
public record Managed(Component component, ClassLoader loader) {
    public static Managed host(Component component) {
        return new Managed(component, Managed.class.getClassLoader());
    }
}
