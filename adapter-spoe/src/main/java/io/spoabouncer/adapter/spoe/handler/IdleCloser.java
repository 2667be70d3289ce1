package io.spoabouncer.adapter.spoe.handler;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.spoabouncer.adapter.spoe.codec.SpopStatus;
import io.spoabouncer.ports.out.AgentMetrics;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that sent nothing for {@code spoe.idle-timeout}: AGENT-DISCONNECT "a timeout
 * occurred", as HAProxy does for its own idle connections. One timer per connection, re-armed for what is
 * left when it fires early; a read only records the time.
 */
final class IdleCloser extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(IdleCloser.class);
    private final AgentMetrics metrics;
    private final long idleNanos;
    private long lastRead;
    private ScheduledFuture<?> timer;

    IdleCloser(long idleNanos, AgentMetrics metrics) {
        this.idleNanos = idleNanos;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        lastRead = System.nanoTime();
        arm(ctx, idleNanos);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastRead = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    private void arm(ChannelHandlerContext ctx, long delayNanos) {
        timer = ctx.executor().schedule(() -> check(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        long left = lastRead + idleNanos - System.nanoTime();
        if (left > 0) {
            arm(ctx, left);
            return;
        }
        metrics.connectionTimedOut(false);
        log.debug("SPOP connection {} idle past spoe.idle-timeout: closing", ctx.channel().remoteAddress());
        Disconnects.send(ctx, SpopStatus.TIMEOUT, SpopStatus.TIMEOUT.message() + ": idle", metrics);
    }
}
