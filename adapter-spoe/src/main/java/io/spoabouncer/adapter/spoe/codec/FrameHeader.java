package io.spoabouncer.adapter.spoe.codec;

import io.netty.buffer.ByteBuf;

/**
 * A frame's header (type, flags, stream-id, frame-id) read in place, as one reusable value per connection:
 * every handler reads it the same way, and reading allocates nothing.
 */
public final class FrameHeader {
    private int type;
    private int flags;
    private long streamId;
    private long frameId;

    /** Reads the header from a frame body positioned at its start; the payload follows. */
    public FrameHeader read(ByteBuf frame) {
        type = frame.readUnsignedByte();
        flags = frame.readInt();
        streamId = Varint.read(frame);
        frameId = Varint.read(frame);
        return this;
    }

    public int type() {
        return type;
    }

    public boolean fin() {
        return (flags & FrameType.FLAG_FIN) != 0;
    }

    public long streamId() {
        return streamId;
    }

    public long frameId() {
        return frameId;
    }
}
