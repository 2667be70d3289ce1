package io.spoabouncer.adapter.challenge;

import io.spoabouncer.ports.spi.Settings;
import java.net.InetSocketAddress;

/** {@code http.challenge}'s listener keys: where to listen (null: off) and the body bound. */
record ChallengeHttpSettings(InetSocketAddress listen, long maxBody, int threads) {
    static ChallengeHttpSettings from(Settings s) {
        String listen = s.string("listen").trim();
        long maxBody = s.bytes("max-body");
        if (maxBody < 1024 || maxBody > 64L * 1024 * 1024) {
            throw s.invalid("max-body", maxBody + " (expected: 1k..64m)");
        }
        return new ChallengeHttpSettings(listen.isEmpty() ? null : hostPort(s, listen), maxBody, 16);
    }

    private static InetSocketAddress hostPort(Settings s, String text) {
        int colon = text.lastIndexOf(':');
        int port = -1;
        try {
            port = colon > 0 ? Integer.parseInt(text.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw s.invalid("listen", "'" + text + "' (expected: host:port, e.g. 127.0.0.1:9100)");
        }
        String host = text.substring(0, colon);
        return new InetSocketAddress(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host, port);
    }
}
