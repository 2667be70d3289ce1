package io.spoabouncer.adapter.decisions.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.Scope;
import io.spoabouncer.ports.out.DecisionSink;
import io.spoabouncer.ports.out.UsageCounter;
import java.io.IOException;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes usage metrics to {@code POST /v1/usage-metrics} in the array form LAPI accepts (processed,
 * dropped by origin and remediation, active decisions by origin and IP family), counting deltas since the
 * last successful push. An older LAPI answering 404 is logged once and the push stops.
 */
final class UsageMetricsPusher {
    private static final Logger log = LoggerFactory.getLogger(UsageMetricsPusher.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final String name;
    private final LapiClient client;
    private final UsageCounter tally;
    private final DecisionSink sink;
    private final String type;
    private final String version;
    private final LongSupplier clock;
    private final long startedAtSeconds;
    private long lastPushSeconds;
    private volatile boolean stopped;
    private volatile int runs;
    private volatile int pushes;

    UsageMetricsPusher(String name, LapiClient client, UsageCounter tally, DecisionSink sink, String userAgent, LongSupplier clock) {
        this.name = name;
        this.client = client;
        this.tally = tally;
        this.sink = sink;
        int slash = userAgent.indexOf('/');
        this.type = userAgent.substring(0, slash);
        this.version = userAgent.substring(slash + 1);
        this.clock = clock;
        this.startedAtSeconds = clock.getAsLong() / 1000;
        this.lastPushSeconds = startedAtSeconds;
    }

    boolean stopped() {
        return stopped;
    }

    int pushes() {
        return pushes;
    }

    /** Scheduled runs so far, pushing or not (tests wait on it instead of sleeping). */
    int runs() {
        return runs;
    }

    void push(long lastPullSeconds) {
        runs++;
        if (stopped) {
            return;
        }
        long now = clock.getAsLong() / 1000;
        UsageCounter.Counts counts = tally.read();
        try {
            HttpResponse<String> r = client.postJson("v1/usage-metrics", payload(counts, now, lastPullSeconds));
            if (r.statusCode() == 404) {
                stopped = true;
                log.info("decisions.{}: LAPI does not accept usage metrics (404: it needs CrowdSec 1.6.3 or later); not sending them", name);
            } else if (r.statusCode() / 100 == 2) {
                tally.acknowledge(counts);
                lastPushSeconds = now;
                pushes++;
            } else {
                log.warn("decisions.{}: usage metrics refused (HTTP {}: {}); they will be sent with the next push", name, r.statusCode(), r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("decisions.{}: cannot send usage metrics: {}; they will be sent with the next push", name, e.toString());
        }
    }

    String payload(UsageCounter.Counts counts, long nowSeconds, long lastPullSeconds) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("remediation_components");
            g.writeStartObject();
            g.writeStringField("type", type);
            g.writeStringField("version", version);
            g.writeNumberField("utc_startup_timestamp", startedAtSeconds);
            g.writeArrayFieldStart("feature_flags");
            g.writeEndArray();
            g.writeObjectFieldStart("os");
            g.writeStringField("name", System.getProperty("os.name", "linux").toLowerCase(java.util.Locale.ROOT));
            g.writeStringField("version", System.getProperty("os.version", "unknown"));
            g.writeEndObject();
            if (lastPullSeconds > 0) {
                g.writeNumberField("last_pull", lastPullSeconds);
            }
            g.writeArrayFieldStart("metrics");
            g.writeStartObject();
            g.writeObjectFieldStart("meta");
            g.writeNumberField("window_size_seconds", Math.max(1, nowSeconds - lastPushSeconds));
            g.writeNumberField("utc_now_timestamp", nowSeconds);
            g.writeEndObject();
            g.writeArrayFieldStart("items");
            item(g, "processed", counts.processed(), "request", null);
            for (UsageCounter.Dropped d : counts.dropped()) {
                item(g, "dropped", d.count(), "request", Map.of("origin", d.origin(), "remediation", d.remediation()));
            }
            for (Map.Entry<String, long[]> e : activeDecisions().entrySet()) {
                String[] k = e.getKey().split("\u0000", 2);
                item(g, "active_decisions", e.getValue()[0], "ip", Map.of("origin", k[0], "ip_type", k[1]));
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toString();
    }

    private Map<String, long[]> activeDecisions() {
        Map<String, long[]> out = new TreeMap<>();
        long now = clock.getAsLong();
        for (Decision d : sink.current()) {
            if (d.isExpired(now) || (d.scope() != Scope.IP && d.scope() != Scope.RANGE)) {
                continue;
            }
            out.computeIfAbsent(io.spoabouncer.domain.decision.OriginLabel.of(d) + "\u0000" + (d.isV4() ? "ipv4" : "ipv6"), k -> new long[1])[0]++;
        }
        return out;
    }

    private static void item(JsonGenerator g, String name, long value, String unit, Map<String, String> labels) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeNumberField("value", value);
        g.writeStringField("unit", unit);
        if (labels != null) {
            g.writeObjectFieldStart("labels");
            for (Map.Entry<String, String> l : new TreeMap<>(labels).entrySet()) {
                g.writeStringField(l.getKey(), l.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }
}
