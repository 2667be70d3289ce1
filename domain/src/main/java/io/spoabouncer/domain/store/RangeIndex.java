package io.spoabouncer.domain.store;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.ip.AddressSegments;
import io.spoabouncer.domain.ip.IpNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every range decision, flattened into disjoint segments of the 128-bit address space, each holding the
 * decisions of all ranges that cover it. A lookup is one binary search, whatever the number of distinct
 * prefix lengths; nested and overlapping ranges all answer. Immutable; rebuilt when a batch touches ranges.
 */
final class RangeIndex {
    static final RangeIndex EMPTY = new RangeIndex(new AddressSegments(new long[0], new long[0]), new Decision[0][]);

    private final AddressSegments segments;
    private final Decision[][] covering;

    private RangeIndex(AddressSegments segments, Decision[][] covering) {
        this.segments = segments;
        this.covering = covering;
    }

    int segments() {
        return covering.length;
    }

    /** The decisions of every range containing the address, or null. Allocation-free. */
    Decision[] find(long hi, long lo) {
        int i = segments.find(hi, lo);
        return i < 0 ? null : covering[i];
    }

    /** Sweeps range starts and ends in address order, emitting a segment at every change of the covering set. */
    static RangeIndex build(List<Decision> ranges) {
        if (ranges.isEmpty()) {
            return EMPTY;
        }
        int n = ranges.size();
        // Events: start of range i (kind 1) and first address after its end (kind 0), ordered by address.
        long[] evHi = new long[2 * n];
        long[] evLo = new long[2 * n];
        int[] evRef = new int[2 * n];
        int events = 0;
        for (int i = 0; i < n; i++) {
            Decision d = ranges.get(i);
            long hi = d.keyHi();
            long lo = d.keyLo();
            evHi[events] = hi;
            evLo[events] = lo;
            evRef[events++] = (i << 1) | 1;
            long endHi = hi | ~IpNetwork.maskHi(d.prefixLength());
            long endLo = lo | ~IpNetwork.maskLo(d.prefixLength());
            if (endHi != -1L || endLo != -1L) {
                long nextLo = endLo + 1;
                long nextHi = nextLo == 0 ? endHi + 1 : endHi;
                evHi[events] = nextHi;
                evLo[events] = nextLo;
                evRef[events++] = i << 1;
            }
        }
        Integer[] order = new Integer[events];
        for (int i = 0; i < events; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> AddressSegments.compare(evHi[a], evLo[a], evHi[b], evLo[b]));
        List<Decision> active = new ArrayList<>();
        long[] segHi = new long[events];
        long[] segLo = new long[events];
        Decision[][] segDecisions = new Decision[events][];
        int segments = 0;
        int i = 0;
        while (i < events) {
            long hi = evHi[order[i]];
            long lo = evLo[order[i]];
            while (i < events && evHi[order[i]] == hi && evLo[order[i]] == lo) {
                int ref = evRef[order[i]];
                Decision d = ranges.get(ref >>> 1);
                if ((ref & 1) == 1) {
                    active.add(d);
                } else {
                    removeIdentity(active, d);
                }
                i++;
            }
            segHi[segments] = hi;
            segLo[segments] = lo;
            segDecisions[segments++] = active.isEmpty() ? null : active.toArray(new Decision[0]);
        }
        return new RangeIndex(new AddressSegments(Arrays.copyOf(segHi, segments), Arrays.copyOf(segLo, segments)),
                Arrays.copyOf(segDecisions, segments));
    }

    private static void removeIdentity(List<Decision> active, Decision d) {
        for (int k = active.size() - 1; k >= 0; k--) {
            if (active.get(k) == d) {
                active.remove(k);
                return;
            }
        }
    }
}
