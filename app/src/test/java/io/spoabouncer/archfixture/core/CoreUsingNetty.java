package io.spoabouncer.archfixture.core;

/** Breaks "core uses no Netty or Jackson". */
public class CoreUsingNetty {
    io.netty.buffer.ByteBuf buffer;
    com.fasterxml.jackson.core.JsonParser parser;
}
