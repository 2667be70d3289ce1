package io.spoabouncer.adapter.haproxymaps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spoabouncer.core.decisions.ReadOnlyDecisions;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.decision.CountryCode;
import io.spoabouncer.domain.ip.IpNetwork;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.GeoLocator;
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
        Map<String, String> m = MapEntries.build(new ReadOnlyDecisions(store), GeoLocator.NONE, 0).entries();
        assertEquals("ban", m.get("10.0.0.0/8"));
        assertEquals("ban", m.get("10.1.2.3"), "inside a banned range: ban beats the captcha");
        assertEquals("captcha", m.get("192.168.0.0/16"));
        assertEquals("captcha", m.get("192.168.1.0/24"), "an allow inside a captcha range stays captcha, as in the store");
        assertEquals("ban", m.get("192.168.1.7"));
        assertEquals("ban", m.get("2001:db8::1"), "a challenge decision is enforced as a ban");
        assertEquals("unknown", m.get("203.0.113.9"));
        assertEquals(7, m.size(), "without geo databases a country decision has no addresses: " + m);
    }

    @Test
    void expiredDecisionsAreLeftOut_andTheNextExpiryIsKnown() {
        store.apply("t", List.of(d("Ip", "198.51.100.1", "ban", 1_000), d("Ip", "198.51.100.2", "ban", 5_000)), List.of());
        MapEntries.Built now = MapEntries.build(new ReadOnlyDecisions(store), GeoLocator.NONE, 2_000);
        assertEquals(Map.of("198.51.100.2", "ban"), now.entries());
        assertEquals(5_000, now.nextExpiryMillis());
    }

    /** FR is 10.0.0.0-10.0.2.255 and 2001:db8::/32; AS 64500 is 172.16.0.0/12. */
    static final GeoLocator GEO = new GeoLocator() {
        @Override
        public int country(long hi, long lo) {
            return 0;
        }

        @Override
        public long asn(long hi, long lo) {
            return -1;
        }

        @Override
        public void forEachCountryRange(int country, RangeSink sink) {
            if (country == CountryCode.parse("FR")) {
                IpNetwork a = IpNetwork.parse("10.0.0.0/32");
                IpNetwork b = IpNetwork.parse("10.0.2.255/32");
                sink.range(a.hi(), a.lo(), b.hi(), b.lo());
                IpNetwork v6 = IpNetwork.parse("2001:db8::/32");
                sink.range(v6.hi(), v6.lo(), v6.hi() | ~IpNetwork.maskHi(32), -1L);
            }
        }

        @Override
        public void forEachAsRange(long asn, RangeSink sink) {
            if (asn == 64500) {
                IpNetwork n = IpNetwork.parse("172.16.0.0/12");
                sink.range(n.hi(), n.lo(), n.hi(), n.lo() | ~IpNetwork.maskLo(n.prefixLength()));
            }
        }
    };

    @Test
    void countryAndAsDecisionsBecomeTheirCidrs_underTheSamePrecedence() {
        store.apply("t", List.of(d("Country", "FR", "captcha", Decision.NEVER_EXPIRES),
                d("Ip", "10.0.1.9", "ban", Decision.NEVER_EXPIRES),
                d("Ip", "10.0.0.5", "allow", Decision.NEVER_EXPIRES),
                d("Range", "2001:db8::/16", "ban", Decision.NEVER_EXPIRES),
                d("AS", "64500", "ban", Decision.NEVER_EXPIRES),
                d("Country", "DE", "ban", Decision.NEVER_EXPIRES)), List.of());
        Map<String, String> m = MapEntries.build(new ReadOnlyDecisions(store), GEO, 0).entries();
        assertEquals("captcha", m.get("10.0.0.0/23"), m.toString());
        assertEquals("captcha", m.get("10.0.2.0/24"), "the range 10.0.0.0-10.0.2.255 is exactly two CIDRs");
        assertEquals("ban", m.get("10.0.1.9"), "an IP ban inside a captcha country stays a ban");
        assertEquals("captcha", m.get("10.0.0.5"), "an allow inside a captcha country stays captcha, as in the store");
        assertEquals("ban", m.get("2001:db8::/32"), "a banned range around the country's block wins");
        assertEquals("ban", m.get("172.16.0.0/12"));
        assertEquals(7, m.size(), "DE has no addresses in this database: " + m);
    }
}
