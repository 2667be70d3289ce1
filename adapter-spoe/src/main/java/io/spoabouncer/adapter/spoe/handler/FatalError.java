package io.spoabouncer.adapter.spoe.handler;

import org.slf4j.LoggerFactory;

/**
 * An error the agent cannot serve through (out of heap or direct memory): a bouncer that keeps its port
 * open but answers nothing lets every request through HAProxy's set-on-error. Exit at once instead, so
 * the supervisor restarts the agent (which loads its snapshot).
 */
final class FatalError {
    static final int EXIT_STATUS = 70;

    private FatalError() {
    }

    static void exit(Throwable cause) {
        try {
            LoggerFactory.getLogger(FatalError.class).error("fatal: {}: exiting so the supervisor restarts the agent", cause.toString());
        } finally {
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }
}
