package io.spoabouncer.adapter.metrics;

import io.spoabouncer.ports.spi.Settings;
import java.net.InetSocketAddress;
import java.time.Duration;

/** {@code metrics}: the Prometheus endpoint, off by default like the Go bouncer's. */
public record MetricsSettings(boolean enabled, InetSocketAddress listen, Duration activeDecisionsRefresh) {
    public static MetricsSettings from(Settings s) {
        String text = s.string("listen-address").trim();
        int colon = text.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 0 || port > 65535) {
            throw s.invalid("listen-address", "'" + text + "' (expected: host:port, e.g. 127.0.0.1:60601)");
        }
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        Duration refresh = s.duration("active-decisions-refresh");
        if (refresh.toSeconds() < 1) {
            throw s.invalid("active-decisions-refresh", refresh + " (expected: >= 1s)");
        }
        return new MetricsSettings(s.bool("enabled"), new InetSocketAddress(host, port), refresh);
    }
}
