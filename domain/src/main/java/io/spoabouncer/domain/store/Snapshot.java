package io.spoabouncer.domain.store;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.decision.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An immutable view of every decision held, published whole by {@link DecisionStore}: a lookup sees
 * either all of a batch or none of it. Single addresses, ranges (one table per prefix length, only
 * the non-empty lengths probed), countries and AS numbers each have their own tables.
 */
final class Snapshot {
    static final Snapshot EMPTY = new Snapshot(new KeyTable(), new KeyTable[129], RangeIndex.EMPTY, new KeyTable(), new KeyTable(), 0, Map.of());

    final KeyTable addresses;
    /** The range decisions by prefix length: where a batch finds and removes them. */
    final KeyTable[] ranges;
    final int[] rangePrefixes;
    /** The same decisions as disjoint segments: what a lookup searches. */
    final RangeIndex rangeIndex;
    final KeyTable countries;
    final KeyTable asns;
    final int decisionCount;
    final Map<String, Integer> countBySource;

    Snapshot(KeyTable addresses, KeyTable[] ranges, RangeIndex rangeIndex, KeyTable countries, KeyTable asns, int decisionCount,
             Map<String, Integer> countBySource) {
        this.addresses = addresses;
        this.ranges = ranges;
        this.rangeIndex = rangeIndex;
        this.countries = countries;
        this.asns = asns;
        this.decisionCount = decisionCount;
        this.countBySource = countBySource;
        int n = 0;
        for (KeyTable t : ranges) {
            if (t != null && t.size() > 0) {
                n++;
            }
        }
        int[] prefixes = new int[n];
        int k = 0;
        for (int p = 128; p >= 0; p--) {
            if (ranges[p] != null && ranges[p].size() > 0) {
                prefixes[k++] = p;
            }
        }
        this.rangePrefixes = prefixes;
    }

    /** The strongest live decision for an address, its country and its AS; null when none applies. */
    Decision lookup(long hi, long lo, int country, long asn, long nowMillis) {
        Decision best = strongest(addresses.get(hi, lo), null, nowMillis);
        if (!isTop(best)) {
            best = strongest(rangeIndex.find(hi, lo), best, nowMillis);
        }
        if (country != 0 && !isTop(best)) {
            best = strongest(countries.get(0, country), best, nowMillis);
        }
        if (asn >= 0 && !isTop(best)) {
            best = strongest(asns.get(0, asn), best, nowMillis);
        }
        return best;
    }

    private static boolean isTop(Decision d) {
        return d != null && d.type() == Remediation.BAN; // nothing beats a ban: stop looking
    }

    private static Decision strongest(Object candidates, Decision best, long nowMillis) {
        if (candidates instanceof Decision) {
            Decision d = (Decision) candidates;
            return !d.isExpired(nowMillis) && (best == null || d.type().beats(best.type())) ? d : best;
        }
        return candidates == null ? best : strongest((Decision[]) candidates, best, nowMillis);
    }

    private static Decision strongest(Decision[] candidates, Decision best, long nowMillis) {
        if (candidates == null) {
            return best;
        }
        for (Decision d : candidates) {
            if (!d.isExpired(nowMillis) && (best == null || d.type().beats(best.type()))) {
                best = d;
            }
        }
        return best;
    }

    KeyTable tableFor(Scope scope, int prefixLength) {
        switch (scope) {
            case IP: return addresses;
            case RANGE: return ranges[prefixLength];
            case COUNTRY: return countries;
            default: return asns;
        }
    }

    /** Every range decision, for rebuilding the index. */
    static List<Decision> rangeDecisions(KeyTable[] ranges) {
        List<Decision> out = new ArrayList<>();
        for (KeyTable t : ranges) {
            if (t != null) {
                t.forEach(out::add);
            }
        }
        return out;
    }

    void forEach(Consumer<Decision> action) {
        addresses.forEach(action);
        for (int p : rangePrefixes) {
            ranges[p].forEach(action);
        }
        countries.forEach(action);
        asns.forEach(action);
    }
}
