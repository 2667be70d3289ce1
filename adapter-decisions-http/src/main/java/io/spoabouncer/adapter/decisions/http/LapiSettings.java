package io.spoabouncer.adapter.decisions.http;

import io.spoabouncer.ports.spi.Settings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** {@code decisions.http}: the CrowdSec LAPI decision stream, checked whole at start. */
record LapiSettings(
        URI apiUrl,
        String apiKey,
        Path certPath,
        Path keyPath,
        Path caCertPath,
        boolean insecureSkipVerify,
        Duration updateFrequency,
        List<String> scopes,
        List<String> origins,
        List<String> scenariosContaining,
        List<String> scenariosNotContaining,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration retryInitial,
        Duration retryMax,
        Duration resyncAfter,
        /** A full list at least this often (zero: never), whatever happened: bounds a delta lost without an error. */
        Duration fullResyncInterval,
        String userAgent,
        Path snapshotPath,
        Duration snapshotInterval,
        long maxDecisions,
        boolean usageMetrics,
        Duration usageMetricsInterval,
        boolean sharedKeyCheck,
        Duration sharedKeyMinInterval,
        Duration sharedKeyResync,
        List<URI> apiUrls) {

    static LapiSettings from(Settings s) {
        List<URI> urls = new java.util.ArrayList<>();
        for (String text : s.stringOrStrings("api-url")) {
            urls.add(url(s, text.trim()));
        }
        if (urls.isEmpty()) {
            throw s.invalid("api-url", "empty (expected: the LAPI's address, or a list of them for LAPIs sharing one database)");
        }
        URI uri = urls.get(0);
        String key = s.string("api-key").trim();
        Path cert = path(s.string("cert-path"));
        Path privateKey = path(s.string("key-path"));
        if (key.isEmpty() && cert == null) {
            throw s.invalid("api-key", "missing: set api-key (or the CROWDSEC_API_KEY environment variable), "
                    + "or cert-path and key-path for TLS client authentication");
        }
        if (!key.isEmpty() && cert != null) {
            throw s.invalid("cert-path", "api-key and cert-path are both set: use one (LAPI ignores the key when a certificate is presented)");
        }
        if ((cert == null) != (privateKey == null)) {
            throw s.invalid(cert == null ? "cert-path" : "key-path", "cert-path and key-path go together");
        }
        for (String k : List.of("cert-path", "key-path", "ca-cert-path")) {
            Path p = path(s.string(k));
            if (p != null && !Files.isReadable(p)) {
                throw s.invalid(k, p + ": not a readable file");
            }
        }
        if (cert != null && urls.stream().anyMatch(u -> !"https".equals(u.getScheme()))) {
            throw s.invalid("cert-path", "a client certificate needs an https api-url");
        }
        Duration every = positive(s, "update-frequency", Duration.ofSeconds(1));
        Duration retryInitial = positive(s, "retry.initial", Duration.ofMillis(100));
        Duration retryMax = positive(s, "retry.max", retryInitial);
        List<String> scopes = s.strings("scopes").stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).toList();
        if (scopes.isEmpty()) {
            throw s.invalid("scopes", "empty (expected e.g. [ip, range] or [ip, range, country, as])");
        }
        String ua = s.string("user-agent");
        if (ua.chars().filter(c -> c == '/').count() != 1) {
            throw s.invalid("user-agent", "'" + ua + "' (expected: name/version with exactly one '/', as LAPI splits it)");
        }
        Duration fullResync = s.duration("full-resync-interval");
        if (!fullResync.isZero() && fullResync.compareTo(Duration.ofSeconds(1)) < 0) {
            throw s.invalid("full-resync-interval", fullResync + " (expected: 0s for never, or >= PT1S)");
        }
        long max = s.longValue("max-decisions");
        if (max < 1) {
            throw s.invalid("max-decisions", max + " (expected: > 0)");
        }
        return new LapiSettings(uri, key, cert, privateKey, path(s.string("ca-cert-path")), s.bool("insecure-skip-verify"),
                every, scopes, s.strings("origins"), s.strings("scenarios-containing"), s.strings("scenarios-not-containing"),
                positive(s, "connect-timeout", Duration.ofMillis(100)), positive(s, "request-timeout", Duration.ofSeconds(1)),
                retryInitial, retryMax, positive(s, "resync-after", Duration.ofSeconds(1)), fullResync, ua,
                path(s.string("snapshot.path")), positive(s, "snapshot.interval", Duration.ofSeconds(1)), max,
                s.bool("usage-metrics.enabled"), positive(s, "usage-metrics.interval", Duration.ofSeconds(1)),
                s.bool("shared-key.check"), positive(s, "shared-key.min-interval", Duration.ofSeconds(1)),
                positive(s, "shared-key.resync-interval", Duration.ofSeconds(5)), List.copyOf(urls));
    }

    private static URI url(Settings s, String url) {
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url : url + "/");
        } catch (IllegalArgumentException e) {
            throw s.invalid("api-url", "'" + url + "' is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw s.invalid("api-url", "'" + url + "' (expected: http(s)://host:port/, e.g. http://127.0.0.1:8080/)");
        }
        return uri;
    }

    private static Duration positive(Settings s, String key, Duration min) {
        Duration d = s.duration(key);
        if (d.compareTo(min) < 0) {
            throw s.invalid(key, d + " (expected: >= " + min + ")");
        }
        return d;
    }

    private static Path path(String text) {
        return text == null || text.isBlank() ? null : Path.of(text.trim());
    }

    @Override
    public String toString() {
        // Never print the key.
        return "LapiSettings[" + apiUrl + ", key " + (apiKey.isEmpty() ? "none" : "set") + "]";
    }
}
