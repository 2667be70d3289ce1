package io.spoabouncer.adapter.spoe.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Netty's leak detector, extended through its documented hooks: every leak it reports is kept so that
 * {@link NettyLeakCheck} fails the test class. Installed with {@code -Dio.netty.customResourceLeakDetector}
 * (Netty's own switch for a custom detector), so nothing reaches into Netty's fields.
 */
public final class FailingLeakDetector<T> extends ResourceLeakDetector<T> {
    static final List<String> LEAKS = Collections.synchronizedList(new ArrayList<>());

    public FailingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    /** The constructor Netty's factory looks for first (it logs its absence). */
    @SuppressWarnings("deprecation")
    public FailingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add(resourceType + " leaked:" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.add(resourceType + " leaked (no records)");
        super.reportUntracedLeak(resourceType);
    }
}
