package io.spoabouncer.app.wiring;

import java.util.function.Supplier;

/** Runs plugin code with the plugin's class loader as the thread's context loader (libraries look there). */
final class PluginCalls {
    private PluginCalls() {
    }

    static <T> T withLoader(ClassLoader loader, Supplier<T> call) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return call.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
