package io.spoabouncer.adapter.spoe.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A hostile peer: one SPOP connection, a correct HELLO, then crowdsec-tcp NOTIFYs pipelined as fast as the
 * socket takes them, never reading an ACK. Bounded: it stops when the socket has taken nothing for
 * {@code stall} (the agent stopped reading), after {@code maxBytes}, or after {@code maxTime}.
 */
public final class Flooder implements AutoCloseable {
    /**
     * How long a flood may take to be stopped. What is asserted is that the agent stops reading, and it does
     * once its unsent ACKs pass its bound, after however many NOTIFYs the machine processes meanwhile: a
     * fixed 30 s assumed a throughput that a loaded 2-core CI machine did not have (15 MiB taken in 30 s,
     * still short of the kernel's buffers; HostilePeersTest failed once so). The byte budget (256 MiB) is the
     * real bound; this one only ends a test whose agent never stops reading.
     */
    public static final Duration PATIENCE = Duration.ofMinutes(3);

    private final SocketChannel channel;
    private long written;

    public Flooder(int port) throws IOException {
        channel = SocketChannel.open();
        // A small receive window: the ACKs it never reads fill the kernel's buffers after a few KiB, not after
        // megabytes, so the agent's pause comes from its own bound, however fast or slow the machine is.
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4096);
        channel.connect(new InetSocketAddress("127.0.0.1", port));
        ByteBuf hello = Spop.haproxyHello(16380, "pipelining", false);
        channel.write(ByteBuffer.wrap(ByteBufUtil.getBytes(hello)));
        hello.release();
        channel.configureBlocking(false);
    }

    /** Floods; returns whether it stalled (the agent stopped taking bytes) before the other bounds. */
    public boolean flood(long maxBytes, Duration maxTime, Duration stall) throws IOException {
        ByteBuf many = Unpooled.buffer();
        for (int i = 0; i < 2000; i++) {
            ByteBuf f = Spop.tcpCheck(i + 1, 1, "192.0.2.1");
            many.writeBytes(f);
            f.release();
        }
        ByteBuffer out = ByteBuffer.wrap(ByteBufUtil.getBytes(many));
        many.release();
        long deadline = System.nanoTime() + maxTime.toNanos();
        long lastProgress = System.nanoTime();
        while (System.nanoTime() < deadline && written < maxBytes) {
            if (System.nanoTime() - lastProgress >= stall.toNanos()) {
                return true;
            }
            if (!out.hasRemaining()) {
                out.rewind();
            }
            int n = channel.write(out);
            if (n > 0) {
                written += n;
                lastProgress = System.nanoTime();
            } else {
                try {
                    TimeUnit.MILLISECONDS.sleep(1); // the socket is full: wait for it, not a fixed wait before a check
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    public long written() {
        return written;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
