package io.spoabouncer.adapter.decisions.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.spoabouncer.decisions.json.DecisionFields;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.decision.GoDuration;
import io.spoabouncer.domain.decision.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a /v1/decisions/stream body into decisions without building a tree: both shapes (1.4.6's
 * {@code null} lists and sorted keys, newer chunked {@code []} lists with {@code new} first), any key
 * order, unknown fields skipped. A malformed decision is skipped and counted; the rest are kept.
 * Expiry = time the answer was received + the Go duration LAPI gives.
 */
final class StreamParser {
    private static final Logger log = LoggerFactory.getLogger(StreamParser.class);
    private static final int LOGGED = 5;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1 << 22).maxNestingDepth(16).build())
            .build();

    private final DecisionFactory factory;
    private final String source;
    private final long maxDecisions;
    private final DecisionFields fields = new DecisionFields();

    StreamParser(DecisionFactory factory, String source, long maxDecisions) {
        this.factory = factory;
        this.source = source;
        this.maxDecisions = maxDecisions;
    }

    StreamBatch parse(InputStream body, long receivedAtMillis) throws IOException {
        return parse(body, receivedAtMillis, null);
    }

    /** With {@code newDecisions}, the {@code new} list goes there as it is read (a startup answer), not into the batch. */
    StreamBatch parse(InputStream body, long receivedAtMillis, java.util.function.Consumer<Decision> newDecisions) throws IOException {
        StreamBatch batch = new StreamBatch();
        batch.streamed = newDecisions;
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object from /v1/decisions/stream");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (("new".equals(name) || "deleted".equals(name)) && t == JsonToken.START_ARRAY) {
                    list(p, "new".equals(name) ? batch.added : batch.deleted, batch, receivedAtMillis);
                } else {
                    p.skipChildren(); // null lists, and anything a newer LAPI may add
                }
            }
        }
        return batch;
    }

    private void list(JsonParser p, List<Decision> into, StreamBatch batch, long now) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new IOException("truncated decision stream");
            }
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                reject(batch, "a list item is not an object");
                continue;
            }
            DecisionFields f = fields.read(p, null);
            batch.seen(f.id);
            String scope = f.scope;
            String value = f.value;
            String type = f.type;
            String origin = f.origin;
            String scenario = f.scenario;
            String duration = f.duration;
            if (batch.count >= maxDecisions) {
                throw new IOException("more than " + maxDecisions + " decisions in one answer (decisions.http.max-decisions)");
            }
            if (scope != null && Scope.find(scope) == null) {
                batch.otherScopes++;
                continue;
            }
            try {
                long expires = duration == null ? Decision.NEVER_EXPIRES : now + GoDuration.toMillis(duration);
                Decision d = factory.create(scope, value, type, origin == null ? "" : origin, scenario == null ? "" : scenario, expires, source);
                batch.count++;
                if (into == batch.added && batch.streamed != null) {
                    batch.streamed.accept(d);
                } else {
                    into.add(d);
                }
            } catch (IllegalArgumentException e) {
                reject(batch, e.getMessage() + " (" + scope + ":" + value + ")");
            }
        }
    }

    private void reject(StreamBatch batch, String why) {
        batch.rejected++;
        if (batch.rejected <= LOGGED) {
            log.warn("decisions.{}: skipped a malformed decision: {}", source, why);
        }
    }
}
