package io.spoabouncer.adapter.spoe.handler;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.spoabouncer.adapter.spoe.codec.SpopException;
import io.spoabouncer.adapter.spoe.codec.SpopStatus;
import io.spoabouncer.ports.out.AgentMetrics;
import java.io.IOException;
import java.net.SocketException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last in the pipeline: a protocol error becomes AGENT-DISCONNECT with its status, then close; a reset
 * or broken pipe is a normal close; anything else is logged with its stack and answered with status 99.
 * Only this connection is affected.
 */
@ChannelHandler.Sharable
public final class ErrorHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);
    private final AgentMetrics metrics;
    private final PeerLog peerLog;

    public ErrorHandler(AgentMetrics metrics, PeerLog peerLog) {
        this.metrics = metrics;
        this.peerLog = peerLog;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        metrics.connectionOpened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        metrics.connectionClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable error) {
        Throwable cause = error instanceof DecoderException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof VirtualMachineError) {
            // Out of (direct) memory or worse: a half-alive agent fails open. Die loudly; the supervisor restarts us.
            FatalError.exit(cause);
            return;
        }
        if (cause instanceof SpopException) {
            SpopException e = (SpopException) cause;
            String why = PeerText.safe(e.getMessage()); // may quote what the peer sent
            long suppressed = peerLog.admit(ctx.channel().remoteAddress());
            if (suppressed >= 0) {
                log.warn("SPOP error from {}: {} ({}); sending AGENT-DISCONNECT {}{}", ctx.channel().remoteAddress(),
                        why, e.status().message(), e.status().code(), PeerLog.suppressed(suppressed));
            }
            Disconnects.send(ctx, e.status(), e.status().message() + ": " + why, metrics);
        } else if (cause instanceof IOException || cause instanceof SocketException) {
            log.debug("connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            if (peerLog.admit(ctx.channel().remoteAddress()) >= 0) {
                log.error("unexpected error on SPOP connection {}", ctx.channel().remoteAddress(), cause);
            }
            Disconnects.send(ctx, SpopStatus.UNKNOWN_ERROR, SpopStatus.UNKNOWN_ERROR.message(), metrics);
        }
    }
}
