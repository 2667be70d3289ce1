package io.spoabouncer.adapter.spoe.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.core.remediation.RemediationService;
import io.spoabouncer.ports.out.GeoLocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target: whatever bytes a peer sends, in whatever pieces, the whole SPOP pipeline (frame decoder,
 * handshake, NOTIFY reader, remediation, ACK writer, errors) throws nothing out of the channel, writes
 * only whole frames, and releases every buffer: what it was given and what it allocated. The first input
 * byte cuts the stream into pieces of that size (0: all at once); the rest is what the peer sends. Seeds:
 * HAProxy 2.6's captured frames (research/spop.md) and the crowdsec messages as the shipped config sends
 * them, in {@code SpopFuzzTestInputs/}. {@code mvn verify} replays them; {@code JAZZER_FUZZ=1} fuzzes
 * (RELIABILITY.md has the command and the figures).
 */
class SpopFuzzTest {
    static final DecisionStore STORE = new DecisionStore();

    static {
        DecisionFactory f = new DecisionFactory();
        STORE.apply("fuzz", List.of(
                f.create("Ip", "192.0.2.1", "ban", "cscli", "", Decision.NEVER_EXPIRES, "fuzz"),
                f.create("Range", "198.51.100.0/24", "captcha", "CAPI", "", Decision.NEVER_EXPIRES, "fuzz"),
                f.create("Ip", "2001:db8::bad", "ban", "cscli", "", Decision.NEVER_EXPIRES, "fuzz")), List.of());
    }

    /** Heap buffers, every one of them remembered, so the target can see that each was released. */
    static final class TrackingAllocator extends AbstractByteBufAllocator {
        final List<ByteBuf> allocated = new ArrayList<>();

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = Unpooled.buffer(initialCapacity, maxCapacity);
            allocated.add(b);
            return b;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }

    @FuzzTest(maxDuration = "8m")
    @DictionaryEntries({"crowdsec-tcp", "crowdsec-http-body", "crowdsec-http-no-body", "crowdsec-ip", "crowdsec-http", "src-ip", "src-port",
            "remediation", "headers", "body", "method", "path", "query", "version", "url", "ssl", "id", "host", "supported-versions", "2.0",
            "max-frame-size", "capabilities", "pipelining", "healthcheck", "engine-id", "status-code", "message"})
    void anyBytesFromAPeer(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int piece = input[0] & 0xff;
        byte[] stream = Arrays.copyOfRange(input, 1, input.length);
        TrackingAllocator alloc = new TrackingAllocator();
        io.spoabouncer.ports.out.NoopAgentMetrics metrics = new io.spoabouncer.ports.out.NoopAgentMetrics();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new SpoePipeline(new RemediationService(STORE, GeoLocator.NONE, metrics), metrics, null,
                64 * 1024, 16 * 1024, 64 * 1024));
        List<ByteBuf> given = new ArrayList<>();
        try {
            for (int at = 0; at < stream.length && channel.isOpen(); at += piece == 0 ? stream.length : piece) {
                int n = piece == 0 ? stream.length : Math.min(piece, stream.length - at);
                ByteBuf in = Unpooled.wrappedBuffer(stream, at, n);
                given.add(in);
                channel.writeInbound(in); // rethrows whatever reached the end of the pipeline
                drainWholeFrames(channel);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
        drainWholeFrames(channel);
        for (ByteBuf b : given) {
            assertEquals(0, b.refCnt(), "an input buffer was kept");
        }
        for (ByteBuf b : alloc.allocated) {
            assertEquals(0, b.refCnt(), "a buffer the pipeline allocated was never released");
        }
    }

    /** Every frame the agent writes is whole: its length prefix covers exactly what follows. */
    static void drainWholeFrames(EmbeddedChannel channel) {
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            ByteBuf frame = (ByteBuf) o;
            try {
                assertEquals(frame.readableBytes() - 4, frame.getInt(frame.readerIndex()), "a frame's length prefix");
            } finally {
                frame.release();
            }
        }
    }
}
