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
    private final ConcurrentHashMap<String, String> interned = new ConcurrentHashMap<>();

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
        switch (scope) {
            case IP:
            case RANGE: {
                IpNetwork network = IpNetwork.parse(value);
                // An Ip-scoped CIDR is a range; a Range holding one address is an Ip: store by what it is.
                Scope effective = network.isSingleAddress() ? Scope.IP : Scope.RANGE;
                return new Decision(effective, network.hi(), network.lo(), network.prefixLength(), remediation, o, sc, expiresAtMillis, src);
            }
            case COUNTRY:
                return new Decision(scope, 0, CountryCode.parse(value), 0, remediation, o, sc, expiresAtMillis, src);
            default:
                return new Decision(scope, 0, parseAsn(value), 0, remediation, o, sc, expiresAtMillis, src);
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
        String existing = interned.putIfAbsent(s, s);
        return existing == null ? s : existing;
    }
}
