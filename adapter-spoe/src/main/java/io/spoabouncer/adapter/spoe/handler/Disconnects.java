package io.spoabouncer.adapter.spoe.handler;

import io.netty.channel.Channel;
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
        send(ctx.channel(), status, message, metrics);
    }

    /** Call on the channel's event loop. */
    public static void send(Channel channel, SpopStatus status, String message, AgentMetrics metrics) {
        if (channel.attr(SENT).setIfAbsent(Boolean.TRUE) != null) {
            return;
        }
        metrics.disconnectSent(status.code());
        if (!channel.isActive()) {
            channel.close();
            return;
        }
        channel.writeAndFlush(Frames.agentDisconnect(channel.alloc(), status.code(), message))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
