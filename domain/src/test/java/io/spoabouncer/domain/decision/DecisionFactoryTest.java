package io.spoabouncer.domain.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DecisionFactoryTest {
    private final DecisionFactory factory = new DecisionFactory();

    private Decision make(String scope, String value, String type) {
        return factory.create(scope, value, type, "cscli", "manual", Decision.NEVER_EXPIRES, "test");
    }

    @Test
    void normalisesValues() {
        assertEquals("1.2.3.4", make("Ip", "::ffff:1.2.3.4", "ban").value());
        assertEquals("2001:db8::1", make("ip", "2001:0DB8::0001", "ban").value());
        assertEquals("10.0.0.0/8", make("Range", "10.9.9.9/8", "ban").value());
        assertEquals(Scope.RANGE, make("Ip", "10.0.0.0/8", "ban").scope(), "an Ip-scoped CIDR is a range");
        assertEquals(Scope.IP, make("Range", "10.0.0.1/32", "ban").scope(), "a /32 range is an address");
        assertEquals("FR", make("Country", "fr", "captcha").value());
        assertEquals("13335", make("AS", "AS13335", "ban").value());
    }

    @Test
    void typesAreCanonicalAndRanked() {
        assertSame(Remediation.BAN, make("Ip", "1.1.1.1", "BAN").type());
        Remediation custom = make("Ip", "1.1.1.1", "throttle").type();
        assertSame(custom, Remediation.of("Throttle"));
        assertSame(Remediation.UNKNOWN, custom.asHaproxyValue());
        assertEquals(true, Remediation.BAN.beats(Remediation.CAPTCHA));
        assertEquals(true, Remediation.CAPTCHA.beats(custom));
        assertEquals(true, custom.beats(Remediation.ALLOW));
    }

    @Test
    void everyTupleGetsItsOwnCanonicalTag() {
        // more tuples than the factory's recent-tag cache holds: a collision never answers another tuple's tag
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 500; i++) {
                String type = i % 2 == 0 ? "ban" : "captcha";
                DecisionTag t = factory.create("Ip", "1.1.1.1", type, "o" + i % 7, "s" + i, 1, "src" + i % 3).tag();
                assertEquals("o" + i % 7, t.origin());
                assertEquals("s" + i, t.scenario());
                assertEquals("src" + i % 3, t.source());
                assertEquals(type, t.type().name());
                assertSame(DecisionTag.of(t.type(), "o" + i % 7, "s" + i, "src" + i % 3), t);
            }
        }
    }

    @Test
    void internsOriginsAndScenarios() {
        Decision a = factory.create("Ip", "1.1.1.1", "ban", new String("lists"), new String("firehol"), 1, "s");
        Decision b = factory.create("Ip", "1.1.1.2", "ban", new String("lists"), new String("firehol"), 1, "s");
        assertSame(a.origin(), b.origin());
        assertSame(a.scenario(), b.scenario());
    }

    @Test
    void rejectsBadInputWithReason() {
        assertThrows(IllegalArgumentException.class, () -> make("Username", "bob", "ban"));
        assertThrows(IllegalArgumentException.class, () -> make("Ip", "not-an-ip", "ban"));
        assertThrows(IllegalArgumentException.class, () -> make("Country", "FRA", "ban"));
        assertThrows(IllegalArgumentException.class, () -> make("AS", "ASx", "ban"));
        assertThrows(IllegalArgumentException.class, () -> make("Ip", "1.1.1.1", ""));
        assertThrows(IllegalArgumentException.class, () -> make("Ip", "", "ban"));
    }
}
