package io.spoabouncer.adapter.spoe.handler;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.spoabouncer.adapter.spoe.codec.SpopFrameDecoder;
import io.spoabouncer.ports.in.RequestHandler;
import io.spoabouncer.ports.out.AgentMetrics;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named handler per concern: idle timeout, framing, handshake (removes itself), session,
 * backpressure, errors. Connections past {@code max-connections} are closed at accept.
 */
public final class SpoePipeline extends ChannelInitializer<Channel> {
    public static final String IDLE = "idle";
    public static final String FRAME_DECODER = "frame-decoder";
    public static final String HANDSHAKE = "handshake";
    public static final String SESSION = "session";
    public static final String READ_GATE = "read-gate";
    public static final String ERRORS = "errors";
    /** Bound on a frame before the handshake: a HELLO is about 130 bytes. */
    public static final int PRE_HANDSHAKE_MAX_FRAME = 16 * 1024;
    private static final Logger log = LoggerFactory.getLogger(SpoePipeline.class);

    private final RequestHandler handler;
    private final AgentMetrics metrics;
    private final ErrorHandler errors;
    private final ChannelGroup channels;
    private final SpoeLimits limits;
    private final PeerLog peerLog;
    private final AtomicInteger open = new AtomicInteger();
    private final io.spoabouncer.adapter.spoe.codec.PartialFrameBudget partialFrames;

    public SpoePipeline(RequestHandler handler, AgentMetrics metrics, ChannelGroup channels,
                        int maxFrameSize, int maxHeaderBytes, int maxBodyBytes) {
        this(handler, metrics, channels, SpoeLimits.of(maxFrameSize, maxHeaderBytes, maxBodyBytes));
    }

    public SpoePipeline(RequestHandler handler, AgentMetrics metrics, ChannelGroup channels, SpoeLimits limits) {
        this.handler = handler;
        this.metrics = metrics;
        this.limits = limits;
        this.peerLog = new PeerLog(limits.badPeerLogInterval());
        this.partialFrames = new io.spoabouncer.adapter.spoe.codec.PartialFrameBudget(limits.maxPartialFrameBytes());
        this.errors = new ErrorHandler(metrics, peerLog);
        this.channels = channels;
    }

    /** Connections open now (refused ones not counted). */
    public int openConnections() {
        return open.get();
    }

    @Override
    protected void initChannel(Channel ch) {
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            metrics.connectionRefused();
            long suppressed = peerLog.admit(ch.remoteAddress());
            if (suppressed >= 0) {
                log.warn("SPOP connection from {} refused: spoe.max-connections ({}) are open{}", ch.remoteAddress(),
                        limits.maxConnections(), PeerLog.suppressed(suppressed));
            }
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> open.decrementAndGet());
        if (channels != null) {
            channels.add(ch);
        }
        ReadGate gate = new ReadGate(limits.maxInFlight(), metrics);
        SpopFrameDecoder decoder = new SpopFrameDecoder(Math.min(PRE_HANDSHAKE_MAX_FRAME, limits.maxFrameSize()), partialFrames);
        if (!limits.idleTimeout().isZero()) {
            ch.pipeline().addLast(IDLE, new IdleCloser(limits.idleTimeout().toNanos(), metrics));
        }
        ch.pipeline()
                .addLast(FRAME_DECODER, decoder)
                .addLast(HANDSHAKE, new HandshakeHandler(limits.maxFrameSize(), metrics, decoder, limits.helloTimeout()))
                .addLast(SESSION, new SessionHandler(handler, metrics, limits.maxHeaderBytes(), limits.maxBodyBytes(), limits.maxFrameSize(), gate, peerLog))
                .addLast(READ_GATE, gate)
                .addLast(ERRORS, errors);
    }
}
