package io.spoabouncer.decisions.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The fields of one CrowdSec decision object, read in place from a streaming parser: the one reader for
 * every shape we meet (a LAPI {@code /v1/decisions/stream} item, {@code cscli decisions list -o json}
 * alerts and their decisions, the {@code cscli decisions import} JSON, our snapshot). Reused per item, so
 * a million decisions cost no tree. Unknown fields are skipped; a string or a number is taken as text.
 */
public final class DecisionFields {
    /** Where an alert's nested {@code "decisions"} array goes. */
    public interface NestedDecisions {
        void read(JsonParser p) throws IOException;
    }

    public static final long NO_EXPIRY_FIELD = Long.MIN_VALUE;

    /** LAPI's database id (rising with creation), or -1. */
    public long id;
    public String scope;
    public String value;
    public String type;
    public String origin;
    /** {@code scenario}, or the import format's {@code reason} when there is no scenario. */
    public String scenario;
    /** A Go duration ({@code 3h59m58s}), or null. */
    public String duration;
    /** Our snapshot's absolute expiry in epoch millis, or {@link #NO_EXPIRY_FIELD}. */
    public long expiresAt;
    public boolean simulated;
    /** The object held an alert's {@code "decisions"} array (it is an alert, not a decision). */
    public boolean alert;

    private final RepeatedText repeated = new RepeatedText();

    private void clear() {
        id = -1;
        scope = value = type = origin = scenario = duration = null;
        expiresAt = NO_EXPIRY_FIELD;
        simulated = false;
        alert = false;
    }

    /**
     * Reads the object whose {@code START_OBJECT} was just read, up to and including its {@code END_OBJECT}.
     *
     * @param nested where an alert's decisions go; null skips them
     */
    public DecisionFields read(JsonParser p, NestedDecisions nested) throws IOException {
        clear();
        String reason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "decisions":
                    alert = true;
                    if (v == JsonToken.START_ARRAY && nested != null) {
                        nested.read(p);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "id": id = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1; break;
                case "scope": scope = repeated(p, v); break;
                case "value": value = text(p, v); break;
                case "type": type = repeated(p, v); break;
                case "origin": origin = repeated(p, v); break;
                case "scenario": scenario = repeated(p, v); break;
                case "reason": reason = repeated(p, v); break;
                case "duration": duration = text(p, v); break;
                case "expires_at": expiresAt = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : NO_EXPIRY_FIELD; break;
                case "simulated": simulated = v == JsonToken.VALUE_TRUE; break;
                default: p.skipChildren();
            }
        }
        if (scenario == null) {
            scenario = reason;
        }
        return this;
    }

    /** A field whose few values repeat over the whole answer: one String instance per value. */
    private String repeated(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return repeated.of(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }
        return text(p, v);
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING || (v != null && v.isNumeric())) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }
}
