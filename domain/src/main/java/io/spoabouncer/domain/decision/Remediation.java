package io.spoabouncer.domain.decision;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A decision type and its rank, as the Go bouncer orders them: allow < unknown (any other type) < captcha
 * < challenge < ban.
 * Instances are canonical (one per distinct type string), so comparing with {@code ==} is safe.
 */
public final class Remediation {
    private static final ConcurrentHashMap<String, Remediation> OTHERS = new ConcurrentHashMap<>();

    public static final Remediation ALLOW = new Remediation("allow", 0);
    public static final Remediation BAN = new Remediation("ban", 4);
    /**
     * CrowdSec AppSec's browser challenge (its page, served by the challenge listener). Only AppSec can issue
     * one: a decision of this type carries no page, and is enforced as a ban.
     */
    public static final Remediation CHALLENGE = new Remediation("challenge", 3);
    public static final Remediation CAPTCHA = new Remediation("captcha", 2);
    /** What HAProxy is told for a type it has no rule for; the Go bouncer answers the same. */
    public static final Remediation UNKNOWN = new Remediation("unknown", 1);

    private static final int MAX_TYPE_LENGTH = 64;
    /**
     * Distinct other types kept by name. A feed (or AppSec) sending endless new types would otherwise grow
     * this table forever; past the bound a new type is {@link #UNKNOWN}, which is what HAProxy is told for
     * any other type anyway.
     */
    public static final int MAX_OTHER_TYPES = 256;
    private static final java.util.concurrent.atomic.AtomicLong OVER_LIMIT = new java.util.concurrent.atomic.AtomicLong();

    private final String name;
    private final int rank;

    private Remediation(String name, int rank) {
        this.name = name;
        this.rank = rank;
    }

    public static Remediation of(String type) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("missing decision type");
        }
        String t = type.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "ban": return BAN;
            case "captcha": return CAPTCHA;
            case "allow": return ALLOW;
            case "challenge": return CHALLENGE;
            default:
                if (t.length() > MAX_TYPE_LENGTH) {
                    throw new IllegalArgumentException("decision type longer than " + MAX_TYPE_LENGTH + " characters");
                }
                Remediation known = OTHERS.get(t);
                if (known != null) {
                    return known;
                }
                if (OTHERS.size() >= MAX_OTHER_TYPES) {
                    OVER_LIMIT.incrementAndGet();
                    return UNKNOWN;
                }
                return OTHERS.computeIfAbsent(t, k -> new Remediation(k, 1));
        }
    }

    /** Types that arrived after {@link #MAX_OTHER_TYPES} distinct ones were held, and were read as unknown. */
    public static long typesOverLimit() {
        return OVER_LIMIT.get();
    }

    /** Distinct other types held by name (at most {@link #MAX_OTHER_TYPES}, a race may add a few). */
    public static int otherTypes() {
        return OTHERS.size();
    }

    public String name() {
        return name;
    }

    public int rank() {
        return rank;
    }

    /** The value HAProxy's rules see: allow, ban, captcha, or unknown for any other type. */
    public Remediation asHaproxyValue() {
        return rank == 1 ? UNKNOWN : this;
    }

    public boolean beats(Remediation other) {
        return other == null || rank > other.rank;
    }

    @Override
    public String toString() {
        return name;
    }
}
