package io.spoabouncer.app.plugins;

import java.util.function.Supplier;

/** Runs plugin code with the plugin's class loader as the thread's context loader (libraries look there). */
public final class PluginCalls {
    private PluginCalls() {
    }

    public static <T> T withLoader(ClassLoader loader, Supplier<T> call) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return call.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /** A call that may throw, e.g. {@code Component.start()}. */
    public interface Call {
        void run() throws Exception;
    }

    public static void run(ClassLoader loader, Call call) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            call.run();
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
