package io.spoabouncer.domain.decision;

import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.domain.ip.IpNetwork;

/**
 * One decision, normalised. The key is primitive: a network for Ip and Range (an Ip is a /128),
 * a packed ISO code for Country, the number for AS. Decisions are identified by
 * (source, scope, key, type), so a later delete from the same source finds them.
 */
public final class Decision {
    public static final long NEVER_EXPIRES = Long.MAX_VALUE;

    private final Scope scope;
    private final long keyHi;
    private final long keyLo;
    private final int prefixLength;
    private final DecisionTag tag;
    private final long expiresAtMillis;

    private Decision(Scope scope, long keyHi, long keyLo, int prefixLength, DecisionTag tag, long expiresAtMillis) {
        this.scope = scope;
        this.keyHi = keyHi;
        this.keyLo = keyLo;
        this.prefixLength = prefixLength;
        this.tag = tag;
        this.expiresAtMillis = expiresAtMillis;
    }

    /** A decision rebuilt from its parts, as the store holds them (key, prefix, tag, expiry). */
    public static Decision of(Scope scope, long keyHi, long keyLo, int prefixLength, DecisionTag tag, long expiresAtMillis) {
        return new Decision(scope, keyHi, keyLo, prefixLength, tag, expiresAtMillis);
    }

    public Scope scope() { return scope; }
    public long keyHi() { return keyHi; }
    public long keyLo() { return keyLo; }
    /** 0..128 for Ip and Range; 0 for Country and AS. */
    public int prefixLength() { return prefixLength; }
    public Remediation type() { return tag.type(); }
    public String origin() { return tag.origin(); }
    public String scenario() { return tag.scenario(); }
    public long expiresAtMillis() { return expiresAtMillis; }
    /** The name of the decision source that holds this decision. */
    public String source() { return tag.source(); }
    /** Type, origin, scenario and source: the canonical part shared with every decision alike. */
    public DecisionTag tag() { return tag; }

    public boolean isExpired(long nowMillis) {
        return nowMillis >= expiresAtMillis;
    }

    public boolean isV4() {
        return (scope == Scope.IP || scope == Scope.RANGE) && IpAddress.isV4(keyHi, keyLo);
    }

    /** Same source, scope, key and type: the identity a delete matches on. */
    public boolean sameIdentity(Decision other) {
        return scope == other.scope && keyHi == other.keyHi && keyLo == other.keyLo
                && prefixLength == other.prefixLength && type() == other.type() && source().equals(other.source());
    }

    /** The canonical value, as CrowdSec would print it after normalisation. */
    public String value() {
        switch (scope) {
            case IP: return IpAddress.format(keyHi, keyLo);
            case RANGE: return new IpNetwork(keyHi, keyLo, prefixLength).toString();
            case COUNTRY: return CountryCode.format((int) keyLo);
            default: return Long.toString(keyLo);
        }
    }

    public Decision withSource(String newSource) {
        return new Decision(scope, keyHi, keyLo, prefixLength, tag.withSource(newSource), expiresAtMillis);
    }

    @Override
    public String toString() {
        return scope.crowdsecName() + ":" + value() + " " + tag;
    }
}
