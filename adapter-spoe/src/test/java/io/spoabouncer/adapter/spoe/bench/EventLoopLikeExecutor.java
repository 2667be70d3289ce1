package io.spoabouncer.adapter.spoe.bench;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * JMH's worker threads, made like Netty's event-loop threads (FastThreadLocalThread), so pooled buffers
 * and recycled objects behave as in production (JMH: -Djmh.executor=CUSTOM -Djmh.executor.class=this).
 */
public final class EventLoopLikeExecutor extends ThreadPoolExecutor {
    public EventLoopLikeExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), new DefaultThreadFactory(prefix, true));
    }
}
