package io.spoabouncer.domain.decision;

import java.util.concurrent.ConcurrentHashMap;

/**
 * CrowdSec's origin label for a decision, as its metrics and the Go bouncer's show it: the origin, or
 * {@code lists:<scenario>} for blocklist decisions. Labels are built once per scenario, so labelling a
 * decision on the request path does not allocate.
 */
public final class OriginLabel {
    public static final String LISTS = "lists";
    private static final ConcurrentHashMap<String, String> LISTS_LABELS = new ConcurrentHashMap<>();

    private OriginLabel() {
    }

    public static String of(Decision d) {
        return of(d.origin(), d.scenario());
    }

    public static String of(DecisionTag t) {
        return of(t.origin(), t.scenario());
    }

    public static String of(String origin, String scenario) {
        if (!LISTS.equals(origin)) {
            return origin;
        }
        String label = LISTS_LABELS.get(scenario);
        return label != null ? label : LISTS_LABELS.computeIfAbsent(scenario, s -> LISTS + ":" + s);
    }
}
