package io.spoabouncer.adapter.haproxymaps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spoabouncer.core.decisions.ReadOnlyDecisions;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.store.DecisionStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The map means what the store means, under HAProxy's longest-prefix rule. */
class MapEntriesTest {
    final DecisionFactory f = new DecisionFactory();
    final DecisionStore store = new DecisionStore();

    Decision d(String scope, String value, String type, long expires) {
        return f.create(scope, value, type, "cscli", "", expires, "t");
    }

    @Test
    void everyKeyCarriesTheStrongestCoveringRemediation() {
        store.apply("t", List.of(d("Range", "10.0.0.0/8", "ban", Decision.NEVER_EXPIRES),
                d("Ip", "10.1.2.3", "captcha", Decision.NEVER_EXPIRES),
                d("Range", "192.168.0.0/16", "captcha", Decision.NEVER_EXPIRES),
                d("Range", "192.168.1.0/24", "allow", Decision.NEVER_EXPIRES),
                d("Ip", "192.168.1.7", "ban", Decision.NEVER_EXPIRES),
                d("Ip", "2001:db8::1", "challenge", Decision.NEVER_EXPIRES),
                d("Ip", "203.0.113.9", "throttle", Decision.NEVER_EXPIRES),
                d("Country", "FR", "ban", Decision.NEVER_EXPIRES)), List.of());
        Map<String, String> m = MapEntries.build(new ReadOnlyDecisions(store), 0).entries();
        assertEquals("ban", m.get("10.0.0.0/8"));
        assertEquals("ban", m.get("10.1.2.3"), "inside a banned range: ban beats the captcha");
        assertEquals("captcha", m.get("192.168.0.0/16"));
        assertEquals("captcha", m.get("192.168.1.0/24"), "an allow inside a captcha range stays captcha, as in the store");
        assertEquals("ban", m.get("192.168.1.7"));
        assertEquals("ban", m.get("2001:db8::1"), "a challenge decision is enforced as a ban");
        assertEquals("unknown", m.get("203.0.113.9"));
        assertEquals(7, m.size(), "country decisions are not in the IP map: " + m);
    }

    @Test
    void expiredDecisionsAreLeftOut_andTheNextExpiryIsKnown() {
        store.apply("t", List.of(d("Ip", "198.51.100.1", "ban", 1_000), d("Ip", "198.51.100.2", "ban", 5_000)), List.of());
        MapEntries.Built now = MapEntries.build(new ReadOnlyDecisions(store), 2_000);
        assertEquals(Map.of("198.51.100.2", "ban"), now.entries());
        assertEquals(5_000, now.nextExpiryMillis());
    }
}
