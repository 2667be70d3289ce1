package io.spoabouncer.domain.decision;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A decision type and its rank: ban beats captcha beats any other type beats allow.
 * Instances are canonical (one per distinct type string), so comparing with {@code ==} is safe.
 */
public final class Remediation {
    private static final ConcurrentHashMap<String, Remediation> OTHERS = new ConcurrentHashMap<>();

    public static final Remediation ALLOW = new Remediation("allow", 0);
    public static final Remediation BAN = new Remediation("ban", 3);
    public static final Remediation CAPTCHA = new Remediation("captcha", 2);
    /** What HAProxy is told for a type it has no rule for; the Go bouncer answers the same. */
    public static final Remediation UNKNOWN = new Remediation("unknown", 1);

    private static final int MAX_TYPE_LENGTH = 64;

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
            default:
                if (t.length() > MAX_TYPE_LENGTH) {
                    throw new IllegalArgumentException("decision type longer than " + MAX_TYPE_LENGTH + " characters");
                }
                return OTHERS.computeIfAbsent(t, k -> new Remediation(k, 1));
        }
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
