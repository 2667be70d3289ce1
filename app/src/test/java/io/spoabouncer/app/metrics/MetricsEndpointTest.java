package io.spoabouncer.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.spoabouncer.adapter.metrics.PrometheusMetrics;
import io.spoabouncer.ports.spi.MetricsAdapter;
import io.spoabouncer.app.testing.RunningAgent;
import io.spoabouncer.app.testing.SpopClient;
import io.spoabouncer.adapter.spoe.testing.Spop;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scrapes /metrics after real SPOP traffic; /health flips to ready after the first load. */
class MetricsEndpointTest {
    @TempDir
    Path tmp;
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(scrape);
        if (!m.find()) {
            throw new AssertionError("no series " + series + " in:\n" + scrape);
        }
        return Double.parseDouble(m.group(1));
    }

    @Test
    void countersMoveWithTraffic_withTheGoBouncersNames() throws Exception {
        Path ban = Files.writeString(tmp.resolve("ban.txt"), "192.0.2.1\n198.51.100.0/24\n2001:db8::1\n");
        try (RunningAgent agent = new RunningAgent("plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                + "decisions.file.files = [{path = \"" + ban + "\", origin = cscli}]\n"
                + "metrics { enabled = true, listen-address = \"127.0.0.1:0\" }\n")) {
            PrometheusMetrics endpoint = (PrometheusMetrics) agent.agent.instance(MetricsAdapter.class);
            int port = endpoint.port();
            try (SpopClient c = new SpopClient(agent.port())) {
                c.checkIp("192.0.2.1");
                c.checkIp("198.51.100.9");
                c.checkIp("203.0.113.1");
                c.checkIp("2001:db8::1");
                // An HTTP message after the connection check is not counted twice.
                c.send(Spop.notify(5, 2, out -> Spop.message(out, "crowdsec-http-no-body", 2).string("remediation", "ban").ip("src-ip", "192.0.2.1")));
                SpopClient.ackVariables(c.read());
                endpoint.refreshNow();
                String scrape = get(port, "/metrics").body();
                assertEquals(3.0, value(scrape, "crowdsec_haproxy_spoa_bouncer_processed_requests{ip_type=\"ipv4\"}"));
                assertEquals(1.0, value(scrape, "crowdsec_haproxy_spoa_bouncer_processed_requests{ip_type=\"ipv6\"}"));
                assertEquals(2.0, value(scrape, "crowdsec_haproxy_spoa_bouncer_blocked_requests{ip_type=\"ipv4\",origin=\"cscli\",remediation=\"ban\"}"));
                assertEquals(1.0, value(scrape, "crowdsec_haproxy_spoa_bouncer_blocked_requests{ip_type=\"ipv6\",origin=\"cscli\",remediation=\"ban\"}"));
                assertEquals(1.0, value(scrape, "crowdsec_haproxy_spoa_bouncer_active_decisions{ip_type=\"ipv4\",origin=\"cscli\",scope=\"ip\"}"));
                assertEquals(1.0, value(scrape, "crowdsec_haproxy_spoa_bouncer_active_decisions{ip_type=\"ipv4\",origin=\"cscli\",scope=\"range\"}"));
                assertEquals(1.0, value(scrape, "crowdsec_haproxy_spoa_bouncer_active_decisions{ip_type=\"ipv6\",origin=\"cscli\",scope=\"ip\"}"));
                assertEquals(5.0, value(scrape, "spoa_frames_received_total{type=\"notify\"}"));
                assertEquals(5.0, value(scrape, "spoa_frames_sent_total{type=\"ack\"}"));
                assertEquals(1.0, value(scrape, "spoa_handshakes_total{kind=\"engine\"}"));
                assertEquals(1.0, value(scrape, "spoa_connections"));
                assertEquals(5.0, value(scrape, "spoa_notify_latency_seconds_count"));
                assertEquals(5.0, value(scrape, "crowdsec_haproxy_spoa_bouncer_ip_check_duration_seconds_count{lookup_type=\"ip\"}"));
                assertEquals(3.0, value(scrape, "spoa_decisions_applied_total{change=\"added\",source=\"file\"}"));
                assertTrue(value(scrape, "spoa_source_last_success_seconds{source=\"file\"}") > 1.7e9);
                assertTrue(scrape.contains("jvm_memory_used_bytes"), "JVM metrics");
                assertTrue(scrape.contains("netty_allocator_memory_used"), "Netty buffer pool metrics");
                c.send(Spop.haproxyDisconnect(2, "a timeout occurred"));
                c.read().release();
            }
            // The close is seen by the event loop a moment later: wait for the gauge, then read the counters.
            org.awaitility.Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> value(get(port, "/metrics").body(), "spoa_connections") == 0.0);
            String scrape = get(port, "/metrics").body();
            assertEquals(1.0, value(scrape, "spoa_disconnects_received_total{status=\"2\"}"));
            assertEquals(1.0, value(scrape, "spoa_disconnects_sent_total{status=\"0\"}"));
            assertEquals(0.0, value(scrape, "spoa_connections"));
        }
    }

    @Test
    void healthIsReadyOnlyOnceTheSourcesHaveLoaded() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer lapi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lapi.createContext("/", ex -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"new\":null,\"deleted\":null}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        lapi.start();
        try (RunningAgent agent = new RunningAgent("plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                + "decisions.sources = [http]\n"
                + "decisions.http { api-url = \"http://127.0.0.1:" + lapi.getAddress().getPort() + "/\", api-key = k, snapshot.path = \"\" }\n"
                + "metrics { enabled = true, listen-address = \"127.0.0.1:0\" }\n")) {
            int port = ((PrometheusMetrics) agent.agent.instance(MetricsAdapter.class)).port();
            HttpResponse<String> before = get(port, "/health");
            assertEquals(503, before.statusCode());
            assertEquals("{\"status\":\"starting\"}\n", before.body());
            release.countDown();
            org.awaitility.Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> get(port, "/health").statusCode() == 200);
        } finally {
            lapi.stop(0);
        }
    }
}
