package io.spoabouncer.domain.decision;

import io.spoabouncer.domain.ip.IpNetwork;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds normalised decisions from the raw strings every feed carries. Values are normalised
 * (IPv4-mapped IPv6, case and zero padding of IPv6, host bits of a CIDR, an Ip-scoped CIDR);
 * origins and scenarios are interned so a million decisions share a few hundred strings.
 */
public final class DecisionFactory {
    private static final int MAX_LABEL_LENGTH = 256;
    private static final int CACHED = 64;
    private final ConcurrentHashMap<String, String> interned = new ConcurrentHashMap<>();
    /*
     * A feed repeats a few labels and tags a million times: direct-mapped caches in front of the maps save
     * a hash lookup and a probe object per decision. Racy on purpose: their entries are immutable, a lost
     * update only costs a map lookup.
     */
    private final String[] recentLabels = new String[CACHED];
    private final DecisionTag[] recentTags = new DecisionTag[CACHED];

    /**
     * @param expiresAtMillis absolute expiry, or {@link Decision#NEVER_EXPIRES}
     * @throws IllegalArgumentException with a message that says what is wrong with the value
     */
    public Decision create(String scopeText, String value, String type, String origin, String scenario,
                           long expiresAtMillis, String source) {
        Scope scope = Scope.parse(scopeText);
        Remediation remediation = Remediation.of(type);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing value");
        }
        String o = intern(label(origin, "origin"));
        String sc = intern(label(scenario, "scenario"));
        String src = intern(source);
        DecisionTag tag = tag(remediation, o, sc, src);
        switch (scope) {
            case IP:
            case RANGE: {
                IpNetwork network = IpNetwork.parse(value);
                // An Ip-scoped CIDR is a range; a Range holding one address is an Ip: store by what it is.
                Scope effective = network.isSingleAddress() ? Scope.IP : Scope.RANGE;
                return Decision.of(effective, network.hi(), network.lo(), network.prefixLength(), tag, expiresAtMillis);
            }
            case COUNTRY:
                return Decision.of(scope, 0, CountryCode.parse(value), 0, tag, expiresAtMillis);
            default:
                return Decision.of(scope, 0, parseAsn(value), 0, tag, expiresAtMillis);
        }
    }

    private static long parseAsn(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        if (v.startsWith("AS")) {
            v = v.substring(2);
        }
        try {
            long asn = Long.parseLong(v);
            if (asn < 0 || asn > 0xffff_ffffL) {
                throw new NumberFormatException();
            }
            return asn;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid AS number '" + value + "' (expected: 0..4294967295)");
        }
    }

    private static String label(String text, String what) {
        String s = text == null ? "" : text.trim();
        if (s.length() > MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException(what + " longer than " + MAX_LABEL_LENGTH + " characters");
        }
        return s;
    }

    private String intern(String s) {
        int slot = s.hashCode() & (CACHED - 1);
        String recent = recentLabels[slot];
        if (recent != null && recent.equals(s)) {
            return recent;
        }
        String existing = interned.putIfAbsent(s, s);
        String canonical = existing == null ? s : existing;
        recentLabels[slot] = canonical;
        return canonical;
    }

    /** The canonical tag; its strings are interned, so a recent one is recognised by identity. */
    private DecisionTag tag(Remediation type, String origin, String scenario, String source) {
        int h = ((type.hashCode() * 31 + origin.hashCode()) * 31 + scenario.hashCode()) * 31 + source.hashCode();
        int slot = (h ^ h >>> 16) & (CACHED - 1);
        DecisionTag recent = recentTags[slot];
        if (recent != null && recent.type() == type && recent.origin() == origin && recent.scenario() == scenario
                && recent.source() == source) {
            return recent;
        }
        DecisionTag tag = DecisionTag.of(type, origin, scenario, source);
        recentTags[slot] = tag;
        return tag;
    }
}
