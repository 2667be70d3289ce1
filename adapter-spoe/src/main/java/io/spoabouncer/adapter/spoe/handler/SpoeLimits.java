package io.spoabouncer.adapter.spoe.handler;

import java.time.Duration;

/**
 * Every bound a connection lives under: what one peer can cost is capped whatever it sends or fails to read.
 *
 * @param maxFrameSize the largest frame accepted (and offered in AGENT-HELLO)
 * @param maxHeaderBytes a larger header block is dropped from the request
 * @param maxBodyBytes a larger body is dropped from the request
 * @param maxConnections connections open at once; more are closed at accept
 * @param maxInFlight NOTIFYs of one connection waiting for a slow step (captcha provider, AppSec); past it the connection is not read
 * @param helloTimeout a connection that sends no HAPROXY-HELLO within this is closed
 * @param idleTimeout a connection that sends nothing for this long is closed (zero: never)
 * @param writeLowWaterMark the connection is read again once its unsent ACKs drop below this
 * @param writeHighWaterMark the connection stops being read while its unsent ACKs are above this (its peer does not read)
 * @param badPeerLogInterval at most one log line per peer address and interval; the rest are counted
 * @param maxPartialFrameBytes what all connections together may hold of frames still arriving
 */
public record SpoeLimits(int maxFrameSize, int maxHeaderBytes, int maxBodyBytes, int maxConnections, int maxInFlight,
                         Duration helloTimeout, Duration idleTimeout, int writeLowWaterMark, int writeHighWaterMark,
                         Duration badPeerLogInterval, long maxPartialFrameBytes) {

    /** The defaults of reference.conf for everything but the three argument bounds (tests, benchmarks). */
    public static SpoeLimits of(int maxFrameSize, int maxHeaderBytes, int maxBodyBytes) {
        return new SpoeLimits(maxFrameSize, maxHeaderBytes, maxBodyBytes, 1024, 32, Duration.ofSeconds(5), Duration.ofMinutes(5),
                64 * 1024, 256 * 1024, Duration.ofMinutes(1), 128L << 20);
    }

    /**
     * What all connections together can hold in buffers, at most: per connection one frame being read, the
     * unsent ACKs up to the high-water mark plus one read's worth, and the copies of the requests waiting
     * for a slow step (each at most a frame, and at most the header and body bounds).
     */
    public long memoryBound() {
        long withoutFrames = (perConnectionBound() - maxFrameSize) * maxConnections;
        return withoutFrames + Math.min(maxPartialFrameBytes, (long) maxFrameSize * maxConnections);
    }

    /** What one connection can hold in buffers, at most, whatever its peer does. */
    public long perConnectionBound() {
        long request = Math.min(maxFrameSize, (long) maxHeaderBytes + maxBodyBytes);
        return (long) maxFrameSize + writeHighWaterMark + 2L * maxFrameSize + (long) maxInFlight * request;
    }
}
