package io.spoabouncer.adapter.spoe.handler;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.spoabouncer.ports.out.AgentMetrics;

/**
 * Backpressure: a connection is read only while its peer reads our ACKs (the channel is writable: unsent
 * ACKs below the high-water mark) and fewer than {@code maxInFlight} of its NOTIFYs wait for a slow step.
 * Otherwise auto-read is off, the kernel's buffers fill, and the peer's writes block: one stalled or
 * flooding peer holds a bounded amount of our memory and no event-loop time. The bound holds per read:
 * the frames of the read that crossed it are still answered (a read is at most a socket buffer's worth,
 * Netty stops its read loop as soon as auto-read is off). Runs on the channel's event loop.
 */
public final class ReadGate extends ChannelInboundHandlerAdapter {
    private final int maxInFlight;
    private final AgentMetrics metrics;
    private ChannelHandlerContext ctx;
    private int inFlight;
    private boolean paused;

    public ReadGate(int maxInFlight, AgentMetrics metrics) {
        this.maxInFlight = maxInFlight;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** A NOTIFY now waits for a slow step. */
    void enter() {
        inFlight++;
        update();
    }

    /** A waiting NOTIFY's ACK was written (or dropped with its connection). */
    void leave() {
        inFlight--;
        update();
    }

    int inFlight() {
        return inFlight;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        update();
        ctx.fireChannelWritabilityChanged();
    }

    private void update() {
        boolean open = ctx.channel().isWritable() && inFlight < maxInFlight;
        if (open == !paused) {
            return;
        }
        paused = !open;
        ctx.channel().config().setAutoRead(open); // turning it back on asks for the next read
        if (paused) {
            metrics.readPaused();
        }
    }
}
