package io.spoabouncer.adapter.decisions.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends the reading of an answer's body at the request timeout. The JDK client's timeout stops at the
 * headers: a LAPI that sends half an answer and then nothing would hold the pull for good, and with it the
 * store's writer while a startup answer streams into it (every other source, the expiry purge). At the
 * deadline the body is closed and the reading thread interrupted; {@link #close} clears that interrupt.
 */
final class BodyDeadline implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lapi-body-deadline");
        t.setDaemon(true);
        return t;
    });

    private final InputStream body;
    private final Thread reader = Thread.currentThread();
    private final ScheduledFuture<?> task;
    private boolean reading = true;
    private boolean fired;

    BodyDeadline(InputStream body, Duration timeout) {
        this.body = body;
        this.task = TIMER.schedule(this::fire, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void fire() {
        if (!reading) {
            return;
        }
        fired = true;
        try {
            body.close();
        } catch (IOException | RuntimeException e) {
            // closing is only a nudge; the interrupt below ends a blocked read either way
        }
        reader.interrupt();
    }

    synchronized boolean fired() {
        return fired;
    }

    @Override
    public void close() {
        boolean interrupted;
        synchronized (this) {
            reading = false;
            interrupted = fired;
        }
        task.cancel(false);
        if (interrupted) {
            Thread.interrupted(); // ours, not a shutdown's: the source goes on with its retries
        }
    }
}
