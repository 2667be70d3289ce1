package io.spoabouncer.adapter.spoe.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/** Golden vectors as hex, whitespace ignored. */
public final class Hex {
    private Hex() {
    }

    public static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replaceAll("\\s", "")));
    }

    public static String of(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }
}
