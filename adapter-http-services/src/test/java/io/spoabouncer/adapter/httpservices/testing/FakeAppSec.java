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
            if (forcedStatus != 0) {
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
