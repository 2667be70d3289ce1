package io.spoabouncer.domain.store;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.ip.IpAddress;
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
    static final RangeIndex EMPTY = new RangeIndex(new long[0], new long[0], new Decision[0][]);
    private static final int V4_BUCKETS = 1 << 16;

    private final long[] startHi;
    private final long[] startLo;
    private final Decision[][] covering;
    /**
     * For IPv4 (the common case): v4First[b] is the segment holding the first address of the /16 b, so an
     * IPv4 lookup searches only the few segments between v4First[b] and v4First[b + 1].
     */
    private final int[] v4First;

    private RangeIndex(long[] startHi, long[] startLo, Decision[][] covering) {
        this.startHi = startHi;
        this.startLo = startLo;
        this.covering = covering;
        if (covering.length == 0) {
            this.v4First = null;
            return;
        }
        int[] first = new int[V4_BUCKETS + 1];
        for (int b = 0; b < V4_BUCKETS; b++) {
            first[b] = search(0, IpAddress.v4MappedLow(b << 16), 0, covering.length - 1);
        }
        first[V4_BUCKETS] = search(0, IpAddress.v4MappedLow(-1), 0, covering.length - 1);
        this.v4First = first;
    }

    int segments() {
        return covering.length;
    }

    /** The decisions of every range containing the address, or null. Allocation-free. */
    Decision[] find(long hi, long lo) {
        int found;
        if (v4First == null) {
            return null;
        }
        if (IpAddress.isV4(hi, lo)) {
            int bucket = (int) (lo >>> 16) & 0xffff;
            int from = v4First[bucket];
            found = search(hi, lo, Math.max(from, 0), v4First[bucket + 1]);
            if (found < 0) {
                found = from;
            }
        } else {
            found = search(hi, lo, 0, covering.length - 1);
        }
        return found < 0 ? null : covering[found];
    }

    /** The largest index in [low, high] whose start is <= the address, or -1. */
    private int search(long hi, long lo, int low, int high) {
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = compare(startHi[mid], startLo[mid], hi, lo);
            if (c <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
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
        Arrays.sort(order, (a, b) -> compare(evHi[a], evLo[a], evHi[b], evLo[b]));
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
        return new RangeIndex(Arrays.copyOf(segHi, segments), Arrays.copyOf(segLo, segments), Arrays.copyOf(segDecisions, segments));
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
