package io.spoabouncer.adapter.httpservices.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback stand-in for CrowdSec's AppSec component (1.4.6 has none): it implements the documented
 * responses — 401 without the right key, 500 without a mandatory header, 403 {"action": ...} for a
 * blocked request, 200 otherwise — and records every request it receives.
 */
/**
 * A loopback stand-in for CrowdSec's AppSec component (absent from Debian's crowdsec 1.4.6), speaking its
 * documented protocol: the {@code X-Crowdsec-Appsec-*} request headers and 200/401/403 answers with the
 * {@code {"action": ...}} body (CrowdSec docs, "AppSec component: protocol"), and the browser challenge as
 * cs-haproxy-spoa-bouncer's CHALLENGE.md documents it: a 403 envelope {@code action, http_status,
 * user_body_content, user_headers, user_cookies}, assets and the proof submission under
 * {@code /crowdsec-internal/challenge/}, and a 200 with the proof cookie once the proof is accepted.
 */
public final class FakeAppSec implements AutoCloseable {
    public record Call(String method, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** What AppSec's challenge cookie says once the proof was accepted. */
    public static final String SOLVED_COOKIE = "__crowdsec_challenge=solved";
    /**
     * The challenge's script: it "solves" the challenge and submits the proof under /crowdsec-internal/challenge/,
     * then retries the page, as AppSec's challenge script does (the proof check itself is AppSec's business).
     */
    public static final String CHALLENGE_SCRIPT = "fetch('/crowdsec-internal/challenge/submit', {method: 'POST', credentials: 'same-origin',"
            + " headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'proof=42'})"
            + ".then(function (r) { if (r.ok) { location.reload(); } });";
    /** The page: its asset and its proof submission under /crowdsec-internal/challenge/, as AppSec serves them. */
    public static final String CHALLENGE_PAGE = "<!DOCTYPE html><html><body><h1>Checking your browser (AppSec)</h1>"
            + "<script src=\"/crowdsec-internal/challenge/pow-worker.js\"></script>"
            + "<form method=\"post\" action=\"/crowdsec-internal/challenge/submit\"><input name=\"proof\"></form></body></html>";

    static String envelope(String content, String type) {
        return "{\"action\":\"challenge\",\"http_status\":200,\"user_body_content\":\"" + content.replace("\"", "\\\"")
                + "\",\"user_headers\":{\"Content-Type\":[\"" + type + "\"],\"Cache-Control\":[\"no-store\"]},"
                + "\"user_cookies\":[\"__crowdsec_challenge=pending; HttpOnly; Path=/; SameSite=Lax\"]}";
    }

    private final HttpServer server;
    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public volatile long delayMillis;
    public volatile int forcedStatus;

    public FakeAppSec(String key) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Call call = new Call(ex.getRequestMethod(), Map.copyOf(ex.getRequestHeaders()), body);
            calls.add(call);
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int status;
            String answer;
            String uri = call.header("X-Crowdsec-Appsec-Uri");
            String cookie = call.header("Cookie");
            if (forcedStatus == 0 && key.equals(call.header("X-Crowdsec-Appsec-Api-Key")) && uri != null
                    && (uri.contains("challenged") || uri.startsWith("/crowdsec-internal/challenge/"))
                    && (cookie == null || !cookie.contains(SOLVED_COOKIE))) {
                // CrowdSec AppSec's browser challenge, as its documented 403 envelope (cs-haproxy-spoa-bouncer CHALLENGE.md).
                if (uri.startsWith("/crowdsec-internal/challenge/submit") && body.contains("proof=42")) {
                    ex.getResponseHeaders().add("Set-Cookie", SOLVED_COOKIE + "; HttpOnly; Path=/; SameSite=Lax");
                    ex.getResponseHeaders().add("Content-Type", "application/json");
                    status = 200;
                    answer = "{\"solved\":true}";
                } else if (uri.startsWith("/crowdsec-internal/challenge/pow-worker.js")) {
                    status = 403;
                    answer = envelope(CHALLENGE_SCRIPT, "application/javascript");
                } else {
                    status = 403;
                    answer = envelope(CHALLENGE_PAGE, "text/html");
                }
            } else if (forcedStatus == 0 && uri != null && uri.contains("emptychallenge")) {
                status = 403;
                answer = "{\"action\":\"challenge\",\"http_status\":200}";
            } else if (forcedStatus == 0 && uri != null && uri.contains("oddaction")) {
                status = 403;
                answer = "{\"action\":\"mfa\",\"http_status\":403}";
            } else if (forcedStatus != 0) {
                status = forcedStatus;
                answer = "";
            } else if (!key.equals(call.header("X-Crowdsec-Appsec-Api-Key"))) {
                status = 401;
                answer = "";
            } else if (call.header("X-Crowdsec-Appsec-Ip") == null || call.header("X-Crowdsec-Appsec-Uri") == null
                    || call.header("X-Crowdsec-Appsec-Verb") == null) {
                status = 500;
                answer = "null";
            } else if (body.contains("<script>") || call.header("X-Crowdsec-Appsec-Uri").contains("/etc/passwd")) {
                status = 403;
                answer = "{\"action\":\"ban\",\"http_status\":403}";
            } else if (call.header("X-Crowdsec-Appsec-Uri").contains("suspicious")) {
                status = 403;
                answer = "{\"action\":\"captcha\",\"http_status\":403}";
            } else {
                status = 200;
                answer = "{\"action\":\"allow\",\"http_status\":200}";
            }
            byte[] b = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(b);
                }
            }
            ex.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
