package io.spoabouncer.adapter.spoe.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the stream into frames: a 4-byte big-endian length, then that many bytes. The length is checked
 * against the current bound before anything is buffered: a small hard cap until the handshake, the
 * negotiated max-frame-size after it. Emits a retained slice of the frame body (no copy); the next
 * handler releases it.
 */
public final class SpopFrameDecoder extends ByteToMessageDecoder {
    private int maxFrameLength;
    private boolean failed;
    private final PartialFrameBudget budget;
    /** Bytes of a frame not yet complete, counted in the budget. */
    private long held;

    public SpopFrameDecoder(int initialMaxFrameLength) {
        this(initialMaxFrameLength, PartialFrameBudget.UNBOUNDED);
    }

    /** @param budget what all connections together may hold of frames still arriving */
    public SpopFrameDecoder(int initialMaxFrameLength, PartialFrameBudget budget) {
        this.maxFrameLength = initialMaxFrameLength;
        this.budget = budget;
    }

    /** Called once the handshake has negotiated the frame size. */
    public void setMaxFrameLength(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        long length = in.getUnsignedInt(in.readerIndex());
        if (length > maxFrameLength) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw new SpopException(SpopStatus.FRAME_TOO_BIG, "frame of " + length + " bytes (expected: <= " + maxFrameLength + ")");
        }
        if (length < FrameType.MIN_FRAME_LENGTH) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw SpopException.invalid("frame of " + length + " bytes (expected: >= " + FrameType.MIN_FRAME_LENGTH + ")");
        }
        if (in.readableBytes() < 4 + length) {
            hold(in.readableBytes());
            return;
        }
        hold(0);
        out.add(in.retainedSlice(in.readerIndex() + 4, (int) length));
        in.skipBytes(4 + (int) length);
    }

    /** Counts what this connection holds of an incomplete frame; past the agent-wide budget the connection goes. */
    private void hold(long bytes) {
        long delta = bytes - held;
        if (delta > 0 && !budget.take(delta)) {
            failed = true;
            throw new SpopException(SpopStatus.RESOURCE_ALLOCATION_ERROR, "frames still arriving on all connections would hold more than "
                    + budget.limit() + " bytes (spoe.max-partial-frame-bytes)");
        }
        if (delta < 0) {
            budget.give(-delta);
        }
        held = bytes;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        hold(0);
    }
}
