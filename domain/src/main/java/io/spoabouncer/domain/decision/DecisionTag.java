package io.spoabouncer.domain.decision;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The part of a decision that a million decisions share: its type, origin, scenario and source. Canonical
 * (one instance per distinct tuple), so the store keeps one reference per decision and a lookup answers
 * with the tag itself, allocating nothing.
 */
public final class DecisionTag {
    private static final ConcurrentHashMap<DecisionTag, DecisionTag> CANONICAL = new ConcurrentHashMap<>();

    private final Remediation type;
    private final String origin;
    private final String scenario;
    private final String source;
    private final int hash;

    private DecisionTag(Remediation type, String origin, String scenario, String source) {
        this.type = type;
        this.origin = origin;
        this.scenario = scenario;
        this.source = source;
        this.hash = Objects.hash(type.name(), origin, scenario, source);
    }

    public static DecisionTag of(Remediation type, String origin, String scenario, String source) {
        DecisionTag probe = new DecisionTag(Objects.requireNonNull(type), Objects.requireNonNull(origin),
                Objects.requireNonNull(scenario), Objects.requireNonNull(source));
        DecisionTag known = CANONICAL.putIfAbsent(probe, probe);
        return known != null ? known : probe;
    }

    public Remediation type() { return type; }
    public String origin() { return origin; }
    public String scenario() { return scenario; }
    /** The name of the decision source that holds the decision. */
    public String source() { return source; }

    public DecisionTag withSource(String newSource) {
        return source.equals(newSource) ? this : of(type, origin, scenario, newSource);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DecisionTag)) {
            return false;
        }
        DecisionTag t = (DecisionTag) o;
        return type == t.type && origin.equals(t.origin) && scenario.equals(t.scenario) && source.equals(t.source);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return type + " origin=" + origin + (scenario.isEmpty() ? "" : " scenario=" + scenario) + " source=" + source;
    }
}
