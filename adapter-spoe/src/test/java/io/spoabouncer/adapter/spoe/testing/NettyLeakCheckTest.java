package io.spoabouncer.adapter.spoe.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check can fail: a buffer dropped without release is reported. */
class NettyLeakCheckTest {
    @Test
    void anUnreleasedBufferFailsTheCheck() throws Exception {
        NettyLeakCheck.assertParanoid();
        NettyLeakCheck.check("before"); // nothing pending from elsewhere
        leak();
        AssertionError e = assertThrows(AssertionError.class, () -> NettyLeakCheck.check("this test"));
        assertTrue(e.getMessage().contains("leaked"), e.getMessage());
    }

    private static void leak() {
        PooledByteBufAllocator.DEFAULT.buffer(16).writeLong(42); // never released, never referenced again
    }
}
