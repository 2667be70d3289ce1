package io.spoabouncer.adapter.spoe.handler;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.spoabouncer.adapter.spoe.codec.SpopFrameDecoder;
import io.spoabouncer.ports.in.RequestHandler;
import io.spoabouncer.ports.out.AgentMetrics;

/** One named handler per concern: framing, handshake (removes itself), session, errors. */
public final class SpoePipeline extends ChannelInitializer<Channel> {
    public static final String FRAME_DECODER = "frame-decoder";
    public static final String HANDSHAKE = "handshake";
    public static final String SESSION = "session";
    public static final String ERRORS = "errors";
    /** Bound on a frame before the handshake: a HELLO is about 130 bytes. */
    public static final int PRE_HANDSHAKE_MAX_FRAME = 16 * 1024;

    private final RequestHandler handler;
    private final AgentMetrics metrics;
    private final ErrorHandler errors;
    private final ChannelGroup channels;
    private final int maxFrameSize;
    private final int maxHeaderBytes;
    private final int maxBodyBytes;

    public SpoePipeline(RequestHandler handler, AgentMetrics metrics, ChannelGroup channels,
                        int maxFrameSize, int maxHeaderBytes, int maxBodyBytes) {
        this.handler = handler;
        this.metrics = metrics;
        this.errors = new ErrorHandler(metrics);
        this.channels = channels;
        this.maxFrameSize = maxFrameSize;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void initChannel(Channel ch) {
        if (channels != null) {
            channels.add(ch);
        }
        SpopFrameDecoder decoder = new SpopFrameDecoder(Math.min(PRE_HANDSHAKE_MAX_FRAME, maxFrameSize));
        ch.pipeline()
                .addLast(FRAME_DECODER, decoder)
                .addLast(HANDSHAKE, new HandshakeHandler(maxFrameSize, metrics, decoder))
                .addLast(SESSION, new SessionHandler(handler, metrics, maxHeaderBytes, maxBodyBytes, maxFrameSize))
                .addLast(ERRORS, errors);
    }
}
