package io.spoabouncer.adapter.httpservices;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON body of AppSec's 403, as CrowdSec's AppSec writes it (cs-haproxy-spoa-bouncer's CHALLENGE.md):
 * {@code action}, and for a challenge {@code http_status}, {@code user_body_content}, {@code user_headers}
 * (name to list of values) and {@code user_cookies} (Set-Cookie values). Anything unreadable reads as no
 * action, which the caller treats as a ban.
 */
record ChallengeEnvelope(String action, int httpStatus, String body, List<String[]> headers, List<String> cookies) {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(16 << 20).maxNestingDepth(16).build()).build();

    /** A challenge this agent can serve: the action says so and there is a page. */
    boolean isChallenge() {
        return "challenge".equals(action) && body != null && !body.isEmpty();
    }

    static ChallengeEnvelope parse(String json) {
        String action = null;
        int status = 200;
        String body = null;
        List<String[]> headers = new ArrayList<>();
        List<String> cookies = new ArrayList<>();
        try (JsonParser p = JSON.createParser(json == null ? "" : json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new ChallengeEnvelope(null, 200, null, List.of(), List.of());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "action" -> action = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "http_status" -> status = v == JsonToken.VALUE_NUMBER_INT && p.getIntValue() >= 200 && p.getIntValue() <= 599 ? p.getIntValue() : 200;
                    case "user_body_content" -> body = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "user_headers" -> headers(p, v, headers);
                    case "user_cookies" -> strings(p, v, cookies);
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            return new ChallengeEnvelope(null, 200, null, List.of(), List.of());
        }
        return new ChallengeEnvelope(action, status, body, headers, cookies);
    }

    private static void headers(JsonParser p, JsonToken v, List<String[]> out) throws IOException {
        if (v != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            List<String> values = new ArrayList<>();
            strings(p, p.nextToken(), values);
            for (String value : values) {
                out.add(new String[] {name, value});
            }
        }
    }

    private static void strings(JsonParser p, JsonToken v, List<String> out) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            out.add(p.getText());
            return;
        }
        if (v != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t == JsonToken.VALUE_STRING) {
                out.add(p.getText());
            } else {
                p.skipChildren();
            }
        }
    }
}
