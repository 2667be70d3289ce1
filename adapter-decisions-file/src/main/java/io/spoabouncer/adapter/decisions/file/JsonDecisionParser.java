package io.spoabouncer.adapter.decisions.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
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
        String scope = null;
        String value = null;
        String type = null;
        String origin = null;
        String scenario = null;
        String duration = null;
        boolean simulated = false;
        boolean alert = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "decisions":
                    alert = true;
                    if (v == JsonToken.START_ARRAY) {
                        decisionList(p);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "scope": scope = text(p, v); break;
                case "value": value = text(p, v); break;
                case "type": type = text(p, v); break;
                case "origin": origin = text(p, v); break;
                case "scenario":
                case "reason":
                    if (scenario == null) {
                        scenario = text(p, v);
                    }
                    break;
                case "duration": duration = text(p, v); break;
                case "simulated": simulated = v == JsonToken.VALUE_TRUE; break;
                default: p.skipChildren();
            }
        }
        if (alert) {
            return;
        }
        if (simulated) {
            return; // simulation mode: never enforced
        }
        try {
            if (value == null) {
                throw new IllegalArgumentException("decision without a value");
            }
            out.decisions.add(factory.create(scope == null ? (value.contains("/") ? "Range" : "Ip") : scope, value,
                    type == null ? spec.type() : type, origin == null ? spec.origin() : origin,
                    scenario == null ? spec.scenario() : scenario, Expiry.of(duration, fileTime, spec.duration().toMillis()), source));
        } catch (IllegalArgumentException e) {
            out.reject(log, line, e.getMessage());
        }
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }
}
