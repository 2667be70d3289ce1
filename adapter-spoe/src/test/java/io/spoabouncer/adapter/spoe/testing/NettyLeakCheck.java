package io.spoabouncer.adapter.spoe.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a ByteBuf leak during it. The suite runs with the leak detector
 * at PARANOID and {@link FailingLeakDetector} installed (surefire's system properties); Netty finds a
 * leak when an unreleased buffer has been collected, so after each class this forces a collection, waits
 * until the JVM has processed its references, and lets the detector look. Registered for every test class
 * by JUnit's extension auto-detection.
 */
public final class NettyLeakCheck implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        check(context.getDisplayName());
    }

    /** Throws when a leak was reported since the last check. */
    static void check(String name) throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            collectAndProcessReferences();
            // The detector reports collected-but-unreleased buffers when the next buffer is tracked.
            ByteBuf a = PooledByteBufAllocator.DEFAULT.buffer(8);
            ByteBuf b = UnpooledByteBufAllocator.DEFAULT.buffer(8);
            a.release();
            b.release();
        }
        if (!FailingLeakDetector.LEAKS.isEmpty()) {
            String report = String.join("\n", FailingLeakDetector.LEAKS);
            FailingLeakDetector.LEAKS.clear();
            throw new AssertionError("Netty ByteBuf leak in " + name + ":\n" + report);
        }
    }

    /** A GC, and the reference handler having run after it: a reference of ours has been enqueued. */
    private static void collectAndProcessReferences() throws InterruptedException {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> probe = new WeakReference<>(new Object(), queue);
        for (int attempt = 0; attempt < 50 && queue.remove(100) == null; attempt++) {
            System.gc();
        }
        probe.clear();
    }

    public static void assertParanoid() {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            throw new AssertionError("tests must run with -Dio.netty.leakDetection.level=paranoid");
        }
        if (!(ResourceLeakDetectorFactory.instance().newResourceLeakDetector(ByteBuf.class) instanceof FailingLeakDetector)) {
            throw new AssertionError("tests must run with -Dio.netty.customResourceLeakDetector=" + FailingLeakDetector.class.getName());
        }
    }
}
