package io.spoabouncer.decisions.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionFieldsTest {
    static JsonParser at(String json) throws Exception {
        JsonParser p = new JsonFactory().createParser(json);
        assertEquals(JsonToken.START_OBJECT, p.nextToken());
        return p;
    }

    @Test
    void aLapiStreamItem() throws Exception {
        DecisionFields f = new DecisionFields().read(at("{\"duration\":\"3h59m\",\"id\":7,\"origin\":\"CAPI\",\"scenario\":\"ssh-bf\","
                + "\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"1.2.3.4\",\"uuid\":{\"nested\":[1]}}"), null);
        assertEquals("Ip", f.scope);
        assertEquals("1.2.3.4", f.value);
        assertEquals("ban", f.type);
        assertEquals("CAPI", f.origin);
        assertEquals("ssh-bf", f.scenario);
        assertEquals("3h59m", f.duration);
        assertEquals(DecisionFields.NO_EXPIRY_FIELD, f.expiresAt);
        assertFalse(f.alert);
    }

    @Test
    void theImportFormatsReasonIsTheScenario_andNumbersAreText() throws Exception {
        DecisionFields f = new DecisionFields().read(at("{\"value\":12345,\"scope\":\"AS\",\"reason\":\"manual\",\"simulated\":true}"), null);
        assertEquals("12345", f.value);
        assertEquals("manual", f.scenario);
        assertTrue(f.simulated);
    }

    @Test
    void anAlertHandsItsDecisionsOn_andTheSameFieldsObjectIsReused() throws Exception {
        List<String> values = new ArrayList<>();
        DecisionFields inner = new DecisionFields();
        DecisionFields f = new DecisionFields().read(at("{\"id\":1,\"decisions\":[{\"value\":\"1.1.1.1\"},{\"value\":\"2.2.2.2\"}],\"scenario\":\"x\"}"), p -> {
            while (p.nextToken() == JsonToken.START_OBJECT) {
                values.add(inner.read(p, null).value);
            }
        });
        assertTrue(f.alert);
        assertEquals(List.of("1.1.1.1", "2.2.2.2"), values);
        assertNull(inner.read(at("{\"scope\":\"Ip\"}"), null).value, "a reused object starts empty");
    }

    @Test
    void theSnapshotsAbsoluteExpiry() throws Exception {
        assertEquals(1700000000000L, new DecisionFields().read(at("{\"value\":\"::1\",\"expires_at\":1700000000000}"), null).expiresAt);
    }
}
