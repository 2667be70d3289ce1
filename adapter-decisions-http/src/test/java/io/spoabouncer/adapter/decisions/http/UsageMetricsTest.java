package io.spoabouncer.adapter.decisions.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.request.RequestKind;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.DecisionSink;
import io.spoabouncer.core.usage.UsageTally;
import io.spoabouncer.ports.testing.RecordingSink;
import io.spoabouncer.settings.hocon.HoconSettings;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Usage metrics against a loopback server that checks the shape LAPI 1.6.3+ accepts (research §4: the
 * array form, every item with a unit); LAPI 1.4.6 has no such endpoint.
 */
class UsageMetricsTest {
    static final String STREAM = "{\"new\":[{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"1.2.3.4\",\"origin\":\"CAPI\",\"scenario\":\"ssh-bf\"},"
            + "{\"duration\":\"1h\",\"scope\":\"Range\",\"type\":\"ban\",\"value\":\"2001:db8::/32\",\"origin\":\"lists\",\"scenario\":\"firehol\"}],\"deleted\":null}";

    HttpServer server;
    HttpDecisionSource source;
    final List<String> posted = new CopyOnWriteArrayList<>();
    /** The bodies LAPI accepted (answered 2xx), in order. */
    final List<String> accepted = new CopyOnWriteArrayList<>();
    final AtomicInteger usageStatus = new AtomicInteger(201);
    final DecisionStore store = new DecisionStore();
    final UsageTally tally = new UsageTally();

    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/decisions/stream", ex -> answer(ex, 200, STREAM));
        server.createContext("/v1/usage-metrics", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posted.add(body);
            int status = usageStatus.get();
            if (status / 100 == 2) {
                accepted.add(body);
            }
            answer(ex, status, "");
        });
        server.start();
        DecisionSink sink = new RecordingSink(store, "http");
        source = new HttpDecisionSource("http", LapiSettings.from(HoconSettings.of("decisions.http",
                "api-url = \"http://127.0.0.1:" + server.getAddress().getPort() + "/\"\napi-key = k\nsnapshot.path = \"\"\n"
                        + "usage-metrics.interval = 1s\n")), sink, new DecisionFactory(), tally, System::currentTimeMillis);
        source.start();
    }

    static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        }
        ex.close();
    }

    @AfterEach
    void stop() {
        if (source != null) {
            source.stop();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void pushesTheDocumentedArrayForm_withDeltasSinceTheLastPush() throws Exception {
        start();
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> store.size() == 2);
        Decision capi = store.all().stream().filter(d -> d.origin().equals("CAPI")).findFirst().orElseThrow();
        Decision lists = store.all().stream().filter(d -> d.origin().equals("lists")).findFirst().orElseThrow();
        for (int i = 0; i < 5; i++) {
            tally.record(RequestKind.CONNECTION, false, Remediation.ALLOW, null);
        }
        tally.record(RequestKind.CONNECTION, false, Remediation.BAN, capi.tag());
        tally.record(RequestKind.CONNECTION, false, Remediation.BAN, lists.tag());
        tally.record(RequestKind.HTTP, true, Remediation.BAN, capi.tag()); // already counted by the connection check
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> !posted.isEmpty());
        JsonNode root = new ObjectMapper().readTree(posted.get(0));
        JsonNode rc = root.get("remediation_components");
        assertEquals(1, rc.size());
        JsonNode c = rc.get(0);
        assertEquals("crowdsec-spoa-bouncer-java", c.get("type").asText());
        assertEquals("v0.1.0", c.get("version").asText());
        assertTrue(c.get("utc_startup_timestamp").isIntegralNumber());
        assertTrue(c.get("feature_flags").isArray());
        assertTrue(c.get("os").has("name") && c.get("os").has("version"));
        assertTrue(c.get("metrics").isArray(), "metrics is an array (the form LAPI's server accepts)");
        JsonNode window = c.get("metrics").get(0);
        assertTrue(window.get("meta").get("window_size_seconds").isIntegralNumber());
        assertTrue(window.get("meta").get("utc_now_timestamp").isIntegralNumber());
        String items = window.get("items").toString();
        for (JsonNode item : window.get("items")) {
            assertTrue(item.has("name") && item.get("value").isNumber() && item.has("unit"), item.toString());
        }
        assertTrue(items.contains("{\"name\":\"processed\",\"value\":7,\"unit\":\"request\"}"), items);
        assertTrue(items.contains("{\"name\":\"dropped\",\"value\":1,\"unit\":\"request\",\"labels\":{\"origin\":\"CAPI\",\"remediation\":\"ban\"}}"), items);
        assertTrue(items.contains("{\"name\":\"dropped\",\"value\":1,\"unit\":\"request\",\"labels\":{\"origin\":\"lists:firehol\",\"remediation\":\"ban\"}}"), items);
        assertTrue(items.contains("{\"name\":\"active_decisions\",\"value\":1,\"unit\":\"ip\",\"labels\":{\"ip_type\":\"ipv4\",\"origin\":\"CAPI\"}}"), items);
        assertTrue(items.contains("{\"name\":\"active_decisions\",\"value\":1,\"unit\":\"ip\",\"labels\":{\"ip_type\":\"ipv6\",\"origin\":\"lists:firehol\"}}"), items);
        // Deltas: the next push carries only what happened since.
        tally.record(RequestKind.CONNECTION, false, Remediation.ALLOW, null);
        // Exactly the one request since the first push, over the pushes after it (one may go out before the record).
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> processedAfterFirst() >= 1);
        assertEquals(1, processedAfterFirst(), posted.toString());
    }

    /** The sum of "processed" over every push but the first. */
    long processedAfterFirst() throws Exception {
        long sum = 0;
        for (String body : posted.subList(1, posted.size())) {
            for (JsonNode item : new ObjectMapper().readTree(body).get("remediation_components").get(0).get("metrics").get(0).get("items")) {
                if (item.get("name").asText().equals("processed")) {
                    sum += item.get("value").asLong();
                }
            }
        }
        return sum;
    }

    @Test
    void anOldLapisFourOhFourStopsThePush() throws Exception {
        usageStatus.set(404);
        start();
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> source.usageMetrics() != null && source.usageMetrics().stopped());
        int runs = source.usageMetrics().runs();
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> source.usageMetrics().runs() >= runs + 2);
        assertEquals(1, posted.size(), "no push after the 404, in two more scheduled runs");
    }

    @Test
    void aFailedPushLosesNothing() throws Exception {
        usageStatus.set(500);
        start();
        tally.record(RequestKind.CONNECTION, false, Remediation.ALLOW, null);
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> posted.size() >= 1);
        usageStatus.set(201);
        // The first body LAPI accepts carries the request the failed pushes could not deliver (later ones: deltas, 0).
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> !accepted.isEmpty());
        assertTrue(accepted.get(0).contains("{\"name\":\"processed\",\"value\":1,\"unit\":\"request\"}"), posted.toString());
    }
}
