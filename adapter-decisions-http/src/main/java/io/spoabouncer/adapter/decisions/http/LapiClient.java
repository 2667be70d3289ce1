package io.spoabouncer.adapter.decisions.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/** The LAPI calls a bouncer makes, on the JDK's HTTP client. The API key goes in a header and nowhere else. */
final class LapiClient {
    private final LapiSettings settings;
    private final HttpClient http;

    LapiClient(LapiSettings settings) throws IOException, GeneralSecurityException {
        this.settings = settings;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER);
        if (settings.apiUrls().stream().anyMatch(u -> "https".equals(u.getScheme()))) {
            b.sslContext(TlsContexts.build(settings));
            if (settings.insecureSkipVerify()) {
                // The JDK client checks host names unless this (process-wide) property is set.
                System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
            }
        }
        this.http = b.build();
    }

    /** The stream URL: startup or delta, with the configured filters. */
    private volatile int index;

    URI streamUri(boolean startup) {
        List<String> q = new ArrayList<>();
        if (startup) {
            q.add("startup=true");
        }
        q.add("scopes=" + enc(String.join(",", settings.scopes())));
        if (!settings.origins().isEmpty()) {
            q.add("origins=" + enc(String.join(",", settings.origins())));
            // LAPI dedups (longest decision per value) before filtering by origin: without this, filtered
            // decisions can vanish (crowdsec #3373).
            q.add("dedup=false");
        }
        if (!settings.scenariosContaining().isEmpty()) {
            q.add("scenarios_containing=" + enc(String.join(",", settings.scenariosContaining())));
        }
        if (!settings.scenariosNotContaining().isEmpty()) {
            q.add("scenarios_not_containing=" + enc(String.join(",", settings.scenariosNotContaining())));
        }
        return current().resolve("v1/decisions/stream?" + String.join("&", q));
    }

    /** The LAPI in use: the first that answered (LAPIs of one database answer alike). */
    URI current() {
        return settings.apiUrls().get(index);
    }

    /** Moves to the next LAPI of the list; false when there is only one. */
    boolean failover() {
        if (settings.apiUrls().size() < 2) {
            return false;
        }
        index = (index + 1) % settings.apiUrls().size();
        return true;
    }

    HttpResponse<InputStream> stream(boolean startup) throws IOException, InterruptedException {
        return http.send(request(streamUri(startup)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return http.send(request(current().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(settings.requestTimeout()).header("User-Agent", settings.userAgent());
        if (!settings.apiKey().isEmpty()) {
            r.header("X-Api-Key", settings.apiKey());
        }
        return r;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
