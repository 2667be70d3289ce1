package io.spoabouncer.adapter.decisions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamParserTest {
    static final long NOW = 1_000_000_000L;
    final StreamParser parser = new StreamParser(new DecisionFactory(), "http", 1000);

    StreamBatch parse(String json) throws IOException {
        return parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), NOW);
    }

    /** Recorded from LAPI 1.4.6 (research/crowdsec-lapi.md §2.2). */
    @Test
    void lapi146StartupAnswer() throws IOException {
        StreamBatch b = parse("{\"deleted\":null,\"new\":[{\"duration\":\"29m58.613081118s\",\"id\":3,\"origin\":\"cscli\",\"scenario\":\"manual 'captcha' from 'it-watcher'\",\"scope\":\"Ip\",\"type\":\"captcha\",\"value\":\"5.6.7.8\"},{\"duration\":\"59m58.613079145s\",\"id\":1,\"origin\":\"cscli\",\"scenario\":\"manual 'ban' from 'it-watcher'\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"1.2.3.4\"},{\"duration\":\"1h59m58.613078474s\",\"id\":2,\"origin\":\"cscli\",\"scenario\":\"ci-range-test\",\"scope\":\"Range\",\"type\":\"ban\",\"value\":\"10.0.0.0/24\"},{\"duration\":\"3h59m58.613077874s\",\"id\":4,\"origin\":\"cscli\",\"scenario\":\"manual 'ban' from 'it-watcher'\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"2001:db8::1\"},{\"duration\":\"3h59m59.613077463s\",\"id\":5,\"origin\":\"cscli\",\"scenario\":\"manual 'throttle' from 'it-watcher'\",\"scope\":\"Range\",\"type\":\"throttle\",\"value\":\"2001:db8:1::/48\"}]}");
        assertEquals(5, b.added.size());
        assertEquals(0, b.deleted.size());
        Decision captcha = b.added.get(0);
        assertEquals("5.6.7.8", captcha.value());
        assertEquals(NOW + (29 * 60 + 58) * 1000 + 613, captcha.expiresAtMillis());
        assertEquals("throttle", b.added.get(4).type().name());
    }

    @Test
    void newerChunkedShapeWithEmptyListsAndUuid() throws IOException {
        StreamBatch b = parse("{\"new\": [{\"duration\":\"3h59m58s\",\"id\":4,\"origin\":\"CAPI\",\"scenario\":\"crowdsecurity/ssh-bf\",\"scope\":\"Ip\",\"type\":\"ban\",\"uuid\":\"beae3482-0e19-43a5-9bd5-cf7ef32761ce\",\"value\":\"103.216.116.126\"}], \"deleted\": []}");
        assertEquals(1, b.added.size());
        assertEquals("CAPI", b.added.get(0).origin());
    }

    @Test
    void deletedItemsWithNegativeDurations() throws IOException {
        StreamBatch b = parse("{\"deleted\":[{\"duration\":\"-113.243138ms\",\"id\":1,\"origin\":\"cscli\",\"scenario\":\"m\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"1.2.3.4\"},{\"duration\":\"-17h44m25s\",\"id\":2,\"origin\":\"cscli\",\"scenario\":\"ci-range-test\",\"scope\":\"Range\",\"type\":\"ban\",\"value\":\"10.0.0.0/24\"}],\"new\":null}");
        assertEquals(2, b.deleted.size());
        assertEquals(0, b.added.size());
    }

    @Test
    void malformedDecisionsAreSkippedAndCounted_otherScopesAreNotErrors() throws IOException {
        StreamBatch b = parse("{\"new\":[{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"1.2.3.999\"},"
                + "{\"duration\":\"soon\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"1.2.3.4\"},"
                + "{\"duration\":\"1h\",\"scope\":\"username\",\"type\":\"custom-mfa\",\"value\":\"alice\"},"
                + "7,"
                + "{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"9.9.9.9\",\"extra\":{\"nested\":[1,2]}}],\"deleted\":null}");
        assertEquals(1, b.added.size());
        assertEquals(3, b.rejected);
        assertEquals(1, b.otherScopes);
    }

    @Test
    void scopesAreMatchedInAnyCaseAndOnlyOursAreKept() throws IOException {
        StreamBatch b = parse("{\"new\":[{\"duration\":\"1h\",\"scope\":\"IP\",\"type\":\"ban\",\"value\":\"1.2.3.4\"},"
                + "{\"duration\":\"1h\",\"scope\":\"range\",\"type\":\"ban\",\"value\":\"10.0.0.0/8\"},"
                + "{\"duration\":\"1h\",\"scope\":\" Country \",\"type\":\"captcha\",\"value\":\"fr\"},"
                + "{\"duration\":\"1h\",\"scope\":\"asn\",\"type\":\"ban\",\"value\":\"AS13335\"},"
                + "{\"duration\":\"1h\",\"scope\":\"Ipv4\",\"type\":\"ban\",\"value\":\"1.2.3.5\"}],\"deleted\":null}");
        assertEquals(java.util.List.of(io.spoabouncer.domain.decision.Scope.IP, io.spoabouncer.domain.decision.Scope.RANGE,
                io.spoabouncer.domain.decision.Scope.COUNTRY, io.spoabouncer.domain.decision.Scope.AS),
                b.added.stream().map(io.spoabouncer.domain.decision.Decision::scope).toList());
        assertEquals(1, b.otherScopes);
        assertEquals(0, b.rejected);
    }

    @Test
    void truncatedBodiesFailTheWholeAnswer() {
        assertThrows(IOException.class, () -> parse("{\"new\":[{\"duration\":\"1h\",\"scope\":\"Ip\""));
        assertThrows(IOException.class, () -> parse("[]"));
    }

    @Test
    void tooManyDecisionsIsRefused() {
        StreamParser small = new StreamParser(new DecisionFactory(), "http", 2);
        String three = "{\"new\":[" + String.join(",", java.util.Collections.nCopies(3,
                "{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"1.1.1.1\"}")) + "]}";
        IOException e = assertThrows(IOException.class,
                () -> small.parse(new ByteArrayInputStream(three.getBytes(StandardCharsets.UTF_8)), NOW));
        assertEquals("more than 2 decisions in one answer (decisions.http.max-decisions)", e.getMessage());
    }
}
