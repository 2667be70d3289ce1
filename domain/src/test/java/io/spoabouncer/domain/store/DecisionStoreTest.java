package io.spoabouncer.domain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spoabouncer.domain.decision.CountryCode;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionTag;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.ip.IpAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DecisionStoreTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DecisionStore store = new DecisionStore(now::get);
    private final DecisionFactory factory = new DecisionFactory();

    private Decision d(String scope, String value, String type) {
        return d(scope, value, type, Decision.NEVER_EXPIRES);
    }

    private Decision d(String scope, String value, String type, long expires) {
        return factory.create(scope, value, type, "cscli", "", expires, "a");
    }

    private Remediation lookup(String ip) {
        return lookup(ip, 0, -1);
    }

    private Remediation lookup(String ip, int country, long asn) {
        IpAddress a = IpAddress.parse(ip);
        DecisionTag found = store.lookup(a.hi(), a.lo(), country, asn);
        return found == null ? null : found.type();
    }

    @Test
    void givenNoDecisions_thenNothingMatches() {
        assertNull(lookup("1.2.3.4"));
    }

    @Test
    void exactAddressMatchesInBothFamiliesAndSpellings() {
        store.apply("a", List.of(d("Ip", "1.2.3.4", "ban"), d("Ip", "2001:db8::1", "captcha")), List.of());
        assertSame(Remediation.BAN, lookup("1.2.3.4"));
        assertSame(Remediation.BAN, lookup("::ffff:1.2.3.4"));
        assertSame(Remediation.CAPTCHA, lookup("2001:0db8:0::1"));
        assertNull(lookup("1.2.3.5"));
    }

    @Test
    void everyContainingRangeIsConsidered_andTheStrongestWins() {
        store.apply("a", List.of(
                d("Range", "10.0.0.0/8", "ban"),
                d("Range", "10.1.0.0/16", "captcha"),
                d("Ip", "10.1.2.3", "allow"),
                d("Range", "2001:db8::/32", "captcha")), List.of());
        assertSame(Remediation.BAN, lookup("10.1.2.3"), "a /8 ban beats a /16 captcha and an exact allow");
        assertSame(Remediation.BAN, lookup("10.200.0.1"));
        assertSame(Remediation.CAPTCHA, lookup("2001:db8:ffff::1"));
        assertNull(lookup("11.0.0.1"));
    }

    @Test
    void banBeatsCaptchaBeatsOtherBeatsAllow() {
        store.apply("a", List.of(d("Ip", "1.1.1.1", "allow"), d("Ip", "1.1.1.1", "throttle")), List.of());
        assertSame(Remediation.of("throttle"), lookup("1.1.1.1"));
        store.apply("a", List.of(d("Ip", "1.1.1.1", "captcha")), List.of());
        assertSame(Remediation.CAPTCHA, lookup("1.1.1.1"));
        store.apply("a", List.of(d("Ip", "1.1.1.1", "ban")), List.of());
        assertSame(Remediation.BAN, lookup("1.1.1.1"));
        store.apply("a", List.of(), List.of(d("Ip", "1.1.1.1", "ban")));
        assertSame(Remediation.CAPTCHA, lookup("1.1.1.1"));
    }

    @Test
    void countryAndAsDecisionsMatchWhenTheCallerKnowsThem() {
        store.apply("a", List.of(d("Country", "FR", "captcha"), d("AS", "64500", "ban")), List.of());
        assertSame(Remediation.CAPTCHA, lookup("8.8.8.8", CountryCode.parse("FR"), -1));
        assertSame(Remediation.BAN, lookup("8.8.8.8", CountryCode.parse("FR"), 64500));
        assertNull(lookup("8.8.8.8", CountryCode.parse("DE"), 1));
    }

    @Test
    void expiredDecisionsNeverAnswer_andArePurged() {
        store.apply("a", List.of(d("Ip", "1.1.1.1", "ban", now.get() + 1000), d("Ip", "1.1.1.1", "captcha")), List.of());
        assertSame(Remediation.BAN, lookup("1.1.1.1"));
        now.addAndGet(1000);
        assertSame(Remediation.CAPTCHA, lookup("1.1.1.1"));
        assertEquals(2, store.size());
        assertEquals(1, store.purgeExpired());
        assertEquals(1, store.size());
    }

    @Test
    void aSourceRemovesOnlyItsOwnDecisions() {
        Decision ban = d("Ip", "1.1.1.1", "ban");
        store.apply("lapi", List.of(ban), List.of());
        store.apply("file", List.of(ban), List.of());
        assertEquals(2, store.size());
        assertEquals(1, store.size("lapi"));
        assertEquals(1, store.size("file"));
        store.apply("file", List.of(), List.of(ban));
        assertEquals(0, store.size("file"));
        assertSame(Remediation.BAN, lookup("1.1.1.1"), "lapi's ban is still there");
        store.apply("lapi", List.of(), List.of(ban));
        assertNull(lookup("1.1.1.1"));
        assertEquals(0, store.size());
    }

    @Test
    void sameIdentityReplacesInsteadOfDuplicating() {
        store.apply("a", List.of(d("Ip", "1.1.1.1", "ban", 5_000_000)), List.of());
        store.apply("a", List.of(d("Ip", "::ffff:1.1.1.1", "ban", 9_000_000)), List.of());
        assertEquals(1, store.size());
        assertEquals(9_000_000, store.all().get(0).expiresAtMillis());
    }

    @Test
    void replaceSwapsOneSourceWhole() {
        store.apply("b", List.of(d("Ip", "9.9.9.9", "ban")), List.of());
        store.replace("a", List.of(d("Ip", "1.1.1.1", "ban"), d("Range", "2.0.0.0/8", "ban")));
        store.replace("a", List.of(d("Ip", "3.3.3.3", "ban")));
        assertNull(lookup("1.1.1.1"));
        assertNull(lookup("2.2.2.2"));
        assertSame(Remediation.BAN, lookup("3.3.3.3"));
        assertSame(Remediation.BAN, lookup("9.9.9.9"));
        assertEquals(2, store.size());
    }

    /** A decision the store cannot take (here: no tag), which only its deferred work meets. */
    private static Decision untaggable(String ip) {
        IpAddress a = IpAddress.parse(ip);
        return Decision.of(io.spoabouncer.domain.decision.Scope.IP, a.hi(), a.lo(), 128, null, Decision.NEVER_EXPIRES);
    }

    @Test
    void aStreamedReplacementThatFailsInTheStoreKeepsTheOldSetAndFreesTheWriter() {
        store.replace("a", List.of(d("Ip", "1.1.1.1", "ban")));
        // Failing at commit, in the last partial read-ahead group.
        DecisionStore.Loader l = store.startReplace("a", 0);
        l.add(d("Ip", "3.3.3.3", "ban"));
        l.add(untaggable("4.4.4.4"));
        assertThrows(NullPointerException.class, l::commit);
        l.close();
        // Failing in a full group, on a later add: that add throws, and the loader takes no more.
        DecisionStore.Loader m = store.startReplace("a", 0);
        m.add(untaggable("4.4.4.4"));
        RuntimeException failed = null;
        for (int i = 0; i < 100 && failed == null; i++) {
            try {
                m.add(d("Ip", "5.5.5." + i, "ban"));
            } catch (NullPointerException e) {
                failed = e;
            }
        }
        assertNotNull(failed);
        assertThrows(IllegalStateException.class, () -> m.add(d("Ip", "6.6.6.6", "ban")));
        m.close();
        assertSame(Remediation.BAN, lookup("1.1.1.1"));
        assertNull(lookup("3.3.3.3"));
        assertNull(lookup("5.5.5.0"));
        assertEquals(1, store.size());
        store.apply("a", List.of(d("Ip", "7.7.7.7", "ban")), List.of()); // the writer lock was released
        assertSame(Remediation.BAN, lookup("7.7.7.7"));
    }

    @Test
    void theOriginOfTheDecidingDecisionComesBack() {
        store.apply("a", List.of(factory.create("Ip", "1.1.1.1", "ban", "CAPI", "ssh-bf", Decision.NEVER_EXPIRES, "a")), List.of());
        IpAddress a = IpAddress.parse("1.1.1.1");
        DecisionTag found = store.lookup(a.hi(), a.lo(), 0, -1);
        assertEquals("CAPI", found.origin());
        assertEquals("a", found.source());
    }
}
