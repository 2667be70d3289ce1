package io.spoabouncer.adapter.spoe.handler;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.spoabouncer.adapter.spoe.codec.FrameHeader;
import io.spoabouncer.adapter.spoe.codec.FrameType;
import io.spoabouncer.adapter.spoe.codec.Frames;
import io.spoabouncer.adapter.spoe.codec.KvList;
import io.spoabouncer.adapter.spoe.codec.SpopException;
import io.spoabouncer.adapter.spoe.codec.SpopFrameDecoder;
import io.spoabouncer.adapter.spoe.codec.SpopStatus;
import io.spoabouncer.ports.out.AgentMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first frame must be HAPROXY-HELLO. Answers AGENT-HELLO with version 2.0, max-frame-size =
 * min(HAProxy's offer, our bound) and the pipelining capability, then removes itself. A health-check
 * HELLO is answered and the connection closed.
 */
public final class HandshakeHandler extends ChannelInboundHandlerAdapter {
    /** HAProxy never accepts less (status 9). */
    public static final int MIN_FRAME_SIZE = 256;
    public static final String CAPABILITIES = "pipelining";
    private static final Logger log = LoggerFactory.getLogger(HandshakeHandler.class);
    private static volatile boolean warnedAboutSmallerFrame;

    private final int maxFrameSize;
    private final AgentMetrics metrics;
    private final SpopFrameDecoder decoder;
    private final FrameHeader header = new FrameHeader();
    private final Duration helloTimeout;
    private ScheduledFuture<?> timeout;

    /**
     * @param decoder this connection's frame decoder, told the negotiated frame size
     * @param helloTimeout the connection is closed if no HAPROXY-HELLO arrives within it
     */
    public HandshakeHandler(int maxFrameSize, AgentMetrics metrics, SpopFrameDecoder decoder, Duration helloTimeout) {
        this.maxFrameSize = maxFrameSize;
        this.metrics = metrics;
        this.decoder = decoder;
        this.helloTimeout = helloTimeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            metrics.connectionTimedOut(true);
            log.debug("SPOP connection {} sent no HELLO within {}: closing", ctx.channel().remoteAddress(), helloTimeout);
            Disconnects.send(ctx, SpopStatus.TIMEOUT, SpopStatus.TIMEOUT.message() + ": no HAPROXY-HELLO", metrics);
        }, helloTimeout.toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimeout();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimeout();
        ctx.fireChannelInactive();
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            header.read(frame);
            metrics.frameReceived(header.type());
            if (header.type() != FrameType.HAPROXY_HELLO) {
                throw SpopException.invalid("expected HAPROXY-HELLO, got " + FrameType.name(header.type()));
            }
            if (!header.fin()) {
                throw new SpopException(SpopStatus.FRAGMENTATION_NOT_SUPPORTED, "HAPROXY-HELLO without FIN");
            }
            Map<String, Object> kv = KvList.read(frame);
            checkVersion(kv.get("supported-versions"));
            int negotiated = negotiateFrameSize(kv.get("max-frame-size"));
            boolean healthCheck = Boolean.TRUE.equals(kv.get("healthcheck"));
            metrics.handshake(healthCheck);
            metrics.frameSent(FrameType.AGENT_HELLO);
            ByteBuf hello = Frames.agentHello(ctx.alloc(), negotiated, CAPABILITIES);
            if (healthCheck) {
                ctx.writeAndFlush(hello).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.writeAndFlush(hello, ctx.voidPromise());
            decoder.setMaxFrameLength(negotiated);
            ctx.pipeline().remove(this);
            if (log.isDebugEnabled()) {
                log.debug("SPOP handshake with {}: max-frame-size {}, capabilities '{}', engine-id {}",
                        ctx.channel().remoteAddress(), negotiated, kv.get("capabilities"), kv.get("engine-id"));
            }
        } finally {
            frame.release();
        }
    }

    private static void checkVersion(Object versions) {
        if (!(versions instanceof String)) {
            throw new SpopException(SpopStatus.NO_VERSION, "HAPROXY-HELLO has no supported-versions");
        }
        for (String v : ((String) versions).split(",")) {
            String t = v.trim();
            if (t.equals("2") || t.startsWith("2.")) {
                return;
            }
        }
        throw new SpopException(SpopStatus.UNSUPPORTED_VERSION, "HAProxy offers versions '" + versions + "' (expected: 2.x)");
    }

    private int negotiateFrameSize(Object offer) {
        if (!(offer instanceof Long)) {
            throw new SpopException(SpopStatus.NO_FRAME_SIZE, "HAPROXY-HELLO has no integer max-frame-size");
        }
        long offered = (Long) offer;
        if (offered < MIN_FRAME_SIZE) {
            throw new SpopException(SpopStatus.BAD_FRAME_SIZE, "HAProxy offers max-frame-size " + offered + " (expected: >= " + MIN_FRAME_SIZE + ")");
        }
        if (offered > maxFrameSize && !warnedAboutSmallerFrame) {
            warnedAboutSmallerFrame = true;
            log.warn("HAProxy offers max-frame-size {} but spoe.max-frame-size is {}: HAProxy will fail NOTIFYs larger than that."
                    + " Raise spoe.max-frame-size to at least HAProxy's tune.bufsize - 4.", offered, maxFrameSize);
        }
        return (int) Math.min(offered, maxFrameSize);
    }
}
