package io.spoabouncer.adapter.decisions.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.spoabouncer.decisions.json.DecisionFields;
import io.spoabouncer.domain.decision.DecisionFactory;
import java.io.IOException;
import java.io.Reader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams decisions out of JSON without building a tree, so a 1M-decision file costs its decisions only:
 * a LAPI stream response {@code {"new": [...], "deleted": [...]}} (new only: the file is the state),
 * a {@code cscli decisions list -o json} alert list (each alert's "decisions"), or an import list
 * of {@code {"value", "duration", "scope", "type", "reason"}}. A syntax error fails the whole file.
 */
final class JsonDecisionParser {
    private static final Logger log = LoggerFactory.getLogger(JsonDecisionParser.class);
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1 << 20).maxNestingDepth(64).build())
            .build();

    private final FileSpec spec;
    private final long fileTime;
    private final DecisionFactory factory;
    private final String source;
    private final ParseResult out;
    private final DecisionFields fields = new DecisionFields();

    private JsonDecisionParser(FileSpec spec, long fileTime, DecisionFactory factory, String source, ParseResult out) {
        this.spec = spec;
        this.fileTime = fileTime;
        this.factory = factory;
        this.source = source;
        this.out = out;
    }

    static void parse(Reader in, FileSpec spec, long fileTime, DecisionFactory factory, String source, ParseResult out) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            new JsonDecisionParser(spec, fileTime, factory, source, out).document(p);
        }
    }

    private void document(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NULL || t == null) {
            return; // cscli 1.4.6 prints null for an empty list
        }
        if (t == JsonToken.START_ARRAY) {
            decisionList(p);
        } else if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("new") && v == JsonToken.START_ARRAY) {
                    decisionList(p);
                } else {
                    p.skipChildren(); // "deleted": a file holds state, not history
                }
            }
        } else {
            throw new IOException("expected a JSON array or object at the top, found " + t);
        }
        if (p.nextToken() != null) {
            throw new IOException("trailing content after the JSON document at line " + p.currentLocation().getLineNr());
        }
    }

    /** An array whose items are decisions or alerts holding decisions. */
    private void decisionList(JsonParser p) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new IOException("unexpected end of JSON");
            }
            if (t != JsonToken.START_OBJECT) {
                out.reject(log, p.currentLocation().getLineNr(), "expected an object, found " + t);
                p.skipChildren();
                continue;
            }
            item(p);
        }
    }

    private void item(JsonParser p) throws IOException {
        long line = p.currentLocation().getLineNr();
        DecisionFields f = fields.read(p, this::decisionList);
        if (f.alert || f.simulated) {
            return; // an alert's decisions were read above; simulation mode is never enforced
        }
        try {
            if (f.value == null) {
                throw new IllegalArgumentException("decision without a value");
            }
            out.decisions.add(factory.create(f.scope == null ? (f.value.contains("/") ? "Range" : "Ip") : f.scope, f.value,
                    f.type == null ? spec.type() : f.type, f.origin == null ? spec.origin() : f.origin,
                    f.scenario == null ? spec.scenario() : f.scenario, Expiry.of(f.duration, fileTime, spec.duration().toMillis()), source));
        } catch (IllegalArgumentException e) {
            out.reject(log, line, e.getMessage());
        }
    }

}
