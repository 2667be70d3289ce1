package io.spoabouncer.domain.store;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.Scope;
import io.spoabouncer.domain.ip.IpNetwork;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An immutable view of every decision held, published whole by {@link DecisionStore}: a lookup sees
 * either all of a batch or none of it. Single addresses, ranges (one table per prefix length, only
 * the non-empty lengths probed), countries and AS numbers each have their own tables.
 */
final class Snapshot {
    static final Snapshot EMPTY = new Snapshot(new KeyTable(), new KeyTable[129], new KeyTable(), new KeyTable(), 0, Map.of());

    final KeyTable addresses;
    final KeyTable[] ranges;
    final int[] rangePrefixes;
    final KeyTable countries;
    final KeyTable asns;
    final int decisionCount;
    final Map<String, Integer> countBySource;

    Snapshot(KeyTable addresses, KeyTable[] ranges, KeyTable countries, KeyTable asns, int decisionCount, Map<String, Integer> countBySource) {
        this.addresses = addresses;
        this.ranges = ranges;
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
        int[] prefixes = rangePrefixes;
        for (int i = 0; i < prefixes.length && !isTop(best); i++) {
            int p = prefixes[i];
            best = strongest(ranges[p].get(hi & IpNetwork.maskHi(p), lo & IpNetwork.maskLo(p)), best, nowMillis);
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
        return d != null && d.type().rank() == 3;
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

    void forEach(Consumer<Decision> action) {
        Consumer<Decision[]> each = ds -> {
            for (Decision d : ds) {
                action.accept(d);
            }
        };
        addresses.forEach(each);
        for (int p : rangePrefixes) {
            ranges[p].forEach(each);
        }
        countries.forEach(each);
        asns.forEach(each);
    }
}
