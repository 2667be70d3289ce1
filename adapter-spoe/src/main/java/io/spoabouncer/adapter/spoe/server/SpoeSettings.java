package io.spoabouncer.adapter.spoe.server;

import io.spoabouncer.adapter.spoe.handler.HandshakeHandler;
import io.spoabouncer.adapter.spoe.handler.SpoeLimits;
import io.spoabouncer.ports.spi.Settings;
import java.net.InetSocketAddress;
import java.time.Duration;

/** The {@code spoe} settings, read and checked at construction so every error shows at start. */
public record SpoeSettings(
        InetSocketAddress listenTcp,
        String listenUnix,
        int workerThreads,
        int maxFrameSize,
        int maxHeaderBytes,
        int maxBodyBytes,
        Duration shutdownGrace,
        SpoeLimits limits) {

    /** The largest frame we accept; HAProxy's own limit is tune.bufsize - 4. */
    public static final int MAX_FRAME_SIZE_LIMIT = 16 * 1024 * 1024;

    public static SpoeSettings from(Settings s) {
        String tcp = s.string("listen-tcp").trim();
        String unix = s.string("listen-unix").trim();
        if (tcp.isEmpty() && unix.isEmpty()) {
            throw s.invalid("listen-tcp", "no listener: set listen-tcp, listen-unix, or both");
        }
        int threads = s.integer("worker-threads");
        if (threads < 0 || threads > 1024) {
            throw s.invalid("worker-threads", threads + " (expected: 0 for one per core, or 1..1024)");
        }
        long frame = s.bytes("max-frame-size");
        if (frame < HandshakeHandler.MIN_FRAME_SIZE || frame > MAX_FRAME_SIZE_LIMIT) {
            throw s.invalid("max-frame-size", frame + " (expected: " + HandshakeHandler.MIN_FRAME_SIZE + ".." + MAX_FRAME_SIZE_LIMIT + ")");
        }
        long headers = s.bytes("max-header-bytes");
        if (headers < 1024 || headers > MAX_FRAME_SIZE_LIMIT) {
            throw s.invalid("max-header-bytes", headers + " (expected: 1k..16m)");
        }
        long body = s.bytes("max-body-bytes");
        if (body < 0 || body > MAX_FRAME_SIZE_LIMIT) {
            throw s.invalid("max-body-bytes", body + " (expected: 0..16m)");
        }
        Duration grace = s.duration("shutdown-grace");
        if (grace.isNegative()) {
            throw s.invalid("shutdown-grace", grace + " (expected: >= 0)");
        }
        int maxConnections = s.integer("max-connections");
        if (maxConnections < 1 || maxConnections > 1_000_000) {
            throw s.invalid("max-connections", maxConnections + " (expected: 1..1000000)");
        }
        int maxInFlight = s.integer("max-in-flight");
        if (maxInFlight < 1 || maxInFlight > 65_536) {
            throw s.invalid("max-in-flight", maxInFlight + " (expected: 1..65536; HAProxy keeps at most 20 in flight per connection)");
        }
        Duration hello = s.duration("hello-timeout");
        if (hello.toMillis() < 10) {
            throw s.invalid("hello-timeout", hello + " (expected: >= 10ms)");
        }
        Duration idle = s.duration("idle-timeout");
        if (idle.isNegative() || (!idle.isZero() && idle.toMillis() < 100)) {
            throw s.invalid("idle-timeout", idle + " (expected: 0s for never, or >= 100ms)");
        }
        long low = s.bytes("write-buffer.low");
        long high = s.bytes("write-buffer.high");
        if (low < 1024 || high > 64L * 1024 * 1024 || low >= high) {
            throw s.invalid("write-buffer", "low " + low + ", high " + high + " (expected: 1k <= low < high <= 64m)");
        }
        Duration logInterval = s.duration("bad-peer-log-interval");
        if (logInterval.isNegative()) {
            throw s.invalid("bad-peer-log-interval", logInterval + " (expected: >= 0)");
        }
        long partial = s.bytes("max-partial-frame-bytes");
        if (partial < frame) {
            throw s.invalid("max-partial-frame-bytes", partial + " (expected: >= max-frame-size, " + frame + ")");
        }
        SpoeLimits limits = new SpoeLimits((int) frame, (int) headers, (int) body, maxConnections, maxInFlight, hello, idle,
                (int) low, (int) high, logInterval, partial);
        return new SpoeSettings(tcp.isEmpty() ? null : parseHostPort(s, tcp), unix.isEmpty() ? null : unix,
                threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
                (int) frame, (int) headers, (int) body, grace, limits);
    }

    static InetSocketAddress parseHostPort(Settings s, String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw s.invalid("listen-tcp", "'" + text + "' (expected: host:port, e.g. 127.0.0.1:9000 or [::1]:9000)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw s.invalid("listen-tcp", "'" + text + "': bad port (expected: 0..65535)");
        }
        return new InetSocketAddress(host, port);
    }
}
