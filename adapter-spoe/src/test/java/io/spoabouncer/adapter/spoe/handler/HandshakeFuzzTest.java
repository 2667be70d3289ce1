package io.spoabouncer.adapter.spoe.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.spoabouncer.adapter.spoe.codec.FrameType;
import io.spoabouncer.adapter.spoe.codec.Frames;
import io.spoabouncer.adapter.spoe.codec.KvList;
import io.spoabouncer.adapter.spoe.codec.SpopException;
import io.spoabouncer.adapter.spoe.testing.Spop;
import io.spoabouncer.core.remediation.RemediationService;
import io.spoabouncer.ports.out.GeoLocator;
import io.spoabouncer.ports.out.NoopAgentMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target: the payloads of HELLO, DISCONNECT and NOTIFY frames, framed correctly, so the fuzzer spends
 * its time inside the KV-LIST and message readers rather than on frame lengths. The first byte picks the
 * frame: 0 a HAPROXY-HELLO with this payload; 1 a good HELLO, then a HAPROXY-DISCONNECT with it; 2 a good
 * HELLO, then a NOTIFY with it. The KV-LIST reader alone throws nothing but {@link SpopException}; the
 * pipeline throws nothing out of the channel, writes whole frames and releases every buffer.
 */
class HandshakeFuzzTest {
    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({"supported-versions", "2.0", "max-frame-size", "capabilities", "pipelining", "healthcheck", "engine-id",
            "status-code", "message", "crowdsec-tcp", "crowdsec-http", "src-ip", "remediation", "headers"})
    void helloDisconnectAndNotifyPayloads(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int kind = (input[0] & 0xff) % 3;
        byte[] payload = Arrays.copyOfRange(input, 1, input.length);
        if (kind != 2) {
            ByteBuf kv = Unpooled.wrappedBuffer(payload);
            try {
                KvList.read(kv);
            } catch (SpopException expected) {
                // a clear protocol error: the connection is answered with AGENT-DISCONNECT
            } finally {
                kv.release();
            }
        }
        SpopFuzzTest.TrackingAllocator alloc = new SpopFuzzTest.TrackingAllocator();
        NoopAgentMetrics metrics = new NoopAgentMetrics();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new SpoePipeline(new RemediationService(SpopFuzzTest.STORE, GeoLocator.NONE, metrics), metrics, null,
                64 * 1024, 16 * 1024, 64 * 1024));
        List<ByteBuf> given = new ArrayList<>();
        try {
            if (kind != 0) {
                ByteBuf hello = Spop.haproxyHello(16380, "pipelining", false);
                given.add(hello);
                channel.writeInbound(hello);
                SpopFuzzTest.drainWholeFrames(channel);
            }
            ByteBuf frame = Unpooled.buffer();
            int start = Frames.begin(frame, kind == 0 ? FrameType.HAPROXY_HELLO : kind == 1 ? FrameType.HAPROXY_DISCONNECT : FrameType.NOTIFY,
                    kind == 2 ? 1 : 0, kind == 2 ? 1 : 0);
            frame.writeBytes(payload);
            Frames.end(frame, start);
            given.add(frame);
            if (channel.isOpen()) {
                channel.writeInbound(frame); // rethrows whatever reached the end of the pipeline
            } else {
                frame.release();
            }
            SpopFuzzTest.drainWholeFrames(channel);
        } finally {
            channel.finishAndReleaseAll();
        }
        SpopFuzzTest.drainWholeFrames(channel);
        for (ByteBuf b : given) {
            assertEquals(0, b.refCnt(), "an input buffer was kept");
        }
        for (ByteBuf b : alloc.allocated) {
            assertEquals(0, b.refCnt(), "a buffer the pipeline allocated was never released");
        }
    }
}
