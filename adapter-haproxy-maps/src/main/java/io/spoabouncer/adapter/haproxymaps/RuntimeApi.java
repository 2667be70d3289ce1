package io.spoabouncer.adapter.haproxymaps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One HAProxy's Runtime API (its stats socket, {@code level admin}), Unix or TCP: one command per
 * connection, as HAProxy's non-interactive mode wants, a payload sent after {@code <<}. Bounded by a
 * timeout on connect and on the answer.
 */
final class RuntimeApi {
    private final String address;
    private final Duration timeout;

    /** @param address {@code unix:/run/haproxy/admin.sock} or {@code tcp:127.0.0.1:9999} */
    RuntimeApi(String address, Duration timeout) {
        this.address = address;
        this.timeout = timeout;
    }

    String address() {
        return address;
    }

    private SocketAddress socketAddress() {
        if (address.startsWith("unix:")) {
            return UnixDomainSocketAddress.of(Path.of(address.substring(5)));
        }
        String hp = address.startsWith("tcp:") ? address.substring(4) : address;
        int colon = hp.lastIndexOf(':');
        return new InetSocketAddress(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
    }

    /**
     * The answer to one command (and its payload lines, when given). Non-blocking under one deadline for
     * connect, write and answer: an HAProxy that accepts and then says nothing costs this call at most
     * the timeout, never the sync thread.
     */
    String send(String command, String payload) throws IOException {
        SocketAddress target = socketAddress();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel ch = target instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX)
                : SocketChannel.open(StandardProtocolFamily.INET);
             Selector selector = Selector.open()) {
            ch.configureBlocking(false);
            if (!ch.connect(target)) {
                await(ch, selector, SelectionKey.OP_CONNECT, deadline, "connect");
                ch.finishConnect();
            }
            String text = payload == null ? command + "\n" : command + " <<\n" + payload + (payload.endsWith("\n") ? "" : "\n") + "\n";
            ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                if (ch.write(out) == 0) {
                    await(ch, selector, SelectionKey.OP_WRITE, deadline, "sending the command");
                }
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            int n;
            while ((n = ch.read(in)) >= 0) {
                if (n == 0) {
                    await(ch, selector, SelectionKey.OP_READ, deadline, "a complete answer");
                    continue;
                }
                answer.write(in.array(), 0, n);
                in.clear();
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private void await(SocketChannel ch, Selector selector, int op, long deadline, String what) throws IOException {
        SelectionKey key = ch.keyFor(selector);
        if (key == null) {
            key = ch.register(selector, op);
        } else {
            key.interestOps(op);
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0 || selector.select(left) == 0) {
            throw new IOException("no " + what + " within " + timeout.toMillis() + " ms");
        }
        selector.selectedKeys().clear();
    }
}
