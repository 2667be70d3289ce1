package io.spoabouncer.adapter.spoe.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.spoabouncer.adapter.spoe.handler.SpoePipeline;
import io.spoabouncer.adapter.spoe.testing.Spop;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.GeoLocator;
import io.spoabouncer.core.remediation.RemediationService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot path as HAProxy drives it: a crowdsec-tcp NOTIFY arrives in a pooled buffer, goes through the
 * frame decoder, the session handler, the remediation service and a 100k-decision store, and the ACK is
 * written. Run with -prof gc: gc.alloc.rate.norm is the bytes allocated per request. JMH's threads are
 * made FastThreadLocalThreads like Netty's event loops, where buffer pools and recyclers cache per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=io.spoabouncer.adapter.spoe.bench.EventLoopLikeExecutor"})
public class NotifyToAckBenchmark {
    EmbeddedChannel channel;
    byte[] banned;
    byte[] allowed;
    byte[] http;
    byte[] httpBanned;
    boolean flip;

    @Setup(Level.Trial)
    public void setUp() {
        DecisionStore store = new DecisionStore();
        DecisionFactory f = new DecisionFactory();
        List<Decision> all = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            all.add(f.create("Ip", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), "ban", "cscli", "", Decision.NEVER_EXPIRES, "b"));
        }
        all.add(f.create("Range", "192.168.0.0/16", "captcha", "cscli", "", Decision.NEVER_EXPIRES, "b"));
        store.replace("b", all);
        channel = new EmbeddedChannel();
        channel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        AgentMetrics metrics = metrics();
        channel.pipeline().addLast(new SpoePipeline(handler(store, metrics), metrics, null, 1 << 20, 64 * 1024, 512 * 1024));
        channel.writeInbound(pooled(bytes(Spop.haproxyHello(16380, "pipelining", false))));
        ((ByteBuf) channel.readOutbound()).release();
        banned = bytes(Spop.tcpCheck(4242, 1, "10.0.12.34"));
        allowed = bytes(Spop.tcpCheck(4243, 1, "203.0.113.5"));
        http = bytes(Spop.notify(4244, 2, out -> Spop.message(out, "crowdsec-http-no-body", 11)
                .string("remediation", "allow").string("id", "8a7f3c1e-0b7e-4c59-9a3c-5e0f0a8b1c2d").string("method", "GET")
                .string("path", "/index.html").nul("query").string("version", "1.1")
                .string("headers", "host: www.example.com\r\nuser-agent: Mozilla/5.0\r\naccept: text/html\r\ncookie: a=b\r\n\r\n")
                .string("url", "/index.html").bool("ssl", true).ip("src-ip", "203.0.113.7").int64("src-port", 51234)));
        httpBanned = bytes(Spop.notify(4245, 2, out -> Spop.message(out, "crowdsec-http-no-body", 4)
                .string("remediation", "ban").string("method", "GET")
                .string("headers", "host: www.example.com\r\nuser-agent: Mozilla/5.0\r\naccept: text/html\r\n\r\n")
                .ip("src-ip", "10.0.12.34")));
    }

    /** The use case behind the transport; app's benchmark adds the per-host HTTP part. */
    protected io.spoabouncer.ports.in.RequestHandler handler(DecisionStore store, AgentMetrics metrics) {
        return new RemediationService(store, GeoLocator.NONE, metrics);
    }

    /** The metrics the path reports to; app's benchmark measures the same path with Micrometer on. */
    protected AgentMetrics metrics() {
        return AgentMetrics.NOOP;
    }

    static byte[] bytes(ByteBuf b) {
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    /** As a socket read would deliver it: the frame in a pooled direct buffer. */
    static ByteBuf pooled(byte[] frame) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(frame.length).writeBytes(frame);
    }

    /** As the event loop does after a socket read: channelRead, then channelReadComplete (which flushes). */
    private int roundTrip(byte[] frame) {
        channel.pipeline().fireChannelRead(pooled(frame)).fireChannelReadComplete();
        ByteBuf ack = channel.readOutbound();
        int n = ack.readableBytes();
        ack.release();
        return n;
    }

    @Benchmark
    public int tcpCheck() {
        flip = !flip;
        return roundTrip(flip ? banned : allowed);
    }

    /** An allowed HTTP request (with a host policy in app's benchmark: matched, no cookie). */
    @Benchmark
    public int httpCheck() {
        return roundTrip(http);
    }

    /** A banned HTTP request (with a host policy in app's benchmark: the contact URL goes in the ACK). */
    @Benchmark
    public int httpBan() {
        return roundTrip(httpBanned);
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }
}
