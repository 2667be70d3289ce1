package io.spoabouncer.domain.store;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionTag;
import io.spoabouncer.domain.decision.Scope;
import io.spoabouncer.domain.ip.IpAddress;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a lookup reads: the store's tables as of one publish, and the generation it sees them at. The tables
 * are shared with the writer, who only adds what this generation cannot see; a lookup that started on an
 * older snapshot than the current one looks again ({@link DecisionStore#lookup}).
 */
final class Snapshot {
    final int gen;
    final long[] life;
    final int[] next;
    final DecisionTag[] tags;
    /** The live columns, for records added (and columns grown) after this snapshot was published. */
    private final Records records;
    final long[] v4;
    final long[] v6;
    final long[] countries;
    final long[] asns;
    final RangeBucket[] v4Ranges;
    final int[][] v4RangeFlat;
    final long[] v6RangeKeys;
    final RangeBucket[] v6Ranges;
    final RangeBucket wideRanges;
    final boolean hasRanges;
    final boolean hasGeo;
    final int decisionCount;
    final Map<String, Integer> countBySource;

    Snapshot(int gen, Records records, V4Table v4, KeyTable v6, KeyTable countries, KeyTable asns, RangeIndex ranges,
             int decisionCount, Map<String, Integer> countBySource) {
        this.gen = gen;
        this.life = records.life;
        this.next = records.next;
        this.tags = records.tags;
        this.records = records;
        this.v4 = v4.slots;
        this.v6 = v6.slots;
        this.countries = countries.slots;
        this.asns = asns.slots;
        this.v4Ranges = ranges.v4;
        this.v4RangeFlat = ranges.v4Flat;
        this.v6RangeKeys = ranges.v6Keys;
        this.v6Ranges = ranges.v6;
        this.wideRanges = ranges.wide;
        this.hasRanges = ranges.size() > 0; // ranges removed but not yet unlinked are invisible anyway
        this.hasGeo = countries.live() > 0 || asns.live() > 0;
        this.decisionCount = decisionCount;
        this.countBySource = countBySource;
    }

    /** The strongest live decision for an address, its country and AS, as a record id (0: none). */
    int find(long hi, long lo, int country, long asn, long now) {
        long best;
        if (IpAddress.isV4(hi, lo)) {
            best = Records.strongest(life, next, records, V4Table.find(v4, (int) lo), gen, now, 0);
        } else {
            best = Records.strongest(life, next, records, KeyTable.find(v6, hi, lo), gen, now, 0);
        }
        if (best < Records.TOP && hasRanges) {
            best = RangeIndex.strongest(v4RangeFlat, v6RangeKeys, v6Ranges, wideRanges, life, hi, lo, gen, now, best);
        }
        if (hasGeo) {
            if (country != 0 && best < Records.TOP) {
                best = Records.strongest(life, next, records, KeyTable.find(countries, 0, country), gen, now, best);
            }
            if (asn >= 0 && best < Records.TOP) {
                best = Records.strongest(life, next, records, KeyTable.find(asns, 0, asn), gen, now, best);
            }
        }
        return (int) best;
    }

    /** For tests and single-snapshot checks: the tag of {@link #find}'s answer. */
    DecisionTag lookup(long hi, long lo, int country, long asn, long now) {
        int r = find(hi, lo, country, asn, now);
        return r == 0 ? null : tags[r];
    }

    /** Every decision visible at this generation, rebuilt as {@link Decision}s (allocates; not for requests). */
    void forEach(Consumer<Decision> action) {
        V4Table.forEach(v4, (hi, lo, head) -> chain(Scope.IP, hi, lo, 128, head, action));
        KeyTable.forEach(v6, (hi, lo, head) -> chain(Scope.IP, hi, lo, 128, head, action));
        RangeIndex.forEach(v4Ranges, v6RangeKeys, v6Ranges, wideRanges, (hi, lo, p, r) -> {
            if (visible(r)) {
                action.accept(Decision.of(Scope.RANGE, hi, lo, p, tags[r], expiry(r)));
            }
        });
        KeyTable.forEach(countries, (hi, lo, head) -> chain(Scope.COUNTRY, hi, lo, 0, head, action));
        KeyTable.forEach(asns, (hi, lo, head) -> chain(Scope.AS, hi, lo, 0, head, action));
    }

    private void chain(Scope scope, long hi, long lo, int prefix, int r, Consumer<Decision> action) {
        long[] l = life;
        int[] n = next;
        while (r != 0) {
            if (r >= n.length) { // added after this snapshot, in grown columns (see Records.strongest)
                l = records.life;
                n = records.next;
                if (r >= n.length) {
                    return;
                }
            } else if (visible(r)) {
                action.accept(Decision.of(scope, hi, lo, prefix, tags[r], expiry(r)));
            }
            r = ((long) Records.LONGS.getAcquire(l, 2 * r + 1) & Records.HAS_NEXT) == 0 ? 0 : (int) Records.INTS.getAcquire(n, r);
        }
    }

    private boolean visible(int r) {
        return Records.visibleAt(life, r, gen);
    }

    private long expiry(int r) {
        return Records.expiresAt(life, r);
    }
}
