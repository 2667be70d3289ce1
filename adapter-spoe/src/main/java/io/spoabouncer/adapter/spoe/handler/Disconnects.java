package io.spoabouncer.adapter.spoe.handler;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.AttributeKey;
import io.spoabouncer.adapter.spoe.codec.Frames;
import io.spoabouncer.adapter.spoe.codec.SpopStatus;
import io.spoabouncer.ports.out.AgentMetrics;

/** Sends AGENT-DISCONNECT once per connection, then closes it. */
public final class Disconnects {
    private static final AttributeKey<Boolean> SENT = AttributeKey.valueOf("spop.disconnect-sent");

    private Disconnects() {
    }

    public static void send(ChannelHandlerContext ctx, SpopStatus status, String message, AgentMetrics metrics) {
        if (ctx.channel().attr(SENT).setIfAbsent(Boolean.TRUE) != null) {
            return;
        }
        metrics.disconnectSent(status.code());
        if (!ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        ctx.writeAndFlush(Frames.agentDisconnect(ctx.alloc(), status.code(), message))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
