package io.spoabouncer.domain.store;

import io.spoabouncer.domain.ip.AddressSegments;
import io.spoabouncer.domain.ip.IpNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The range decisions that overlap one slice of the address space (an IPv4 /16, an IPv6 /32, or the
 * wide IPv6 ranges), as disjoint segments each listing the records of every range that covers it: a lookup
 * is one binary search over a few starts. Immutable: a batch builds a new bucket for each slice it touches,
 * holding old and new records (their generations say who sees which), so only touched slices cost anything.
 */
final class RangeBucket {
    static final RangeBucket EMPTY = new RangeBucket(new long[0], new long[0], new byte[0], new int[0],
            new long[0], new long[0], new int[] {0}, new int[0]);

    /** One entry per range decision: network, prefix length, record. */
    final long[] netHi;
    final long[] netLo;
    final byte[] prefix;
    final int[] record;
    private final long[] segHi;
    private final long[] segLo;
    /** Segment i's records are cover[segFrom[i] .. segFrom[i + 1]). */
    private final int[] segFrom;
    private final int[] cover;

    private RangeBucket(long[] netHi, long[] netLo, byte[] prefix, int[] record, long[] segHi, long[] segLo, int[] segFrom, int[] cover) {
        this.netHi = netHi;
        this.netLo = netLo;
        this.prefix = prefix;
        this.record = record;
        this.segHi = segHi;
        this.segLo = segLo;
        this.segFrom = segFrom;
        this.cover = cover;
    }

    int size() {
        return record.length;
    }

    /** The strongest visible record among the ranges covering the address ({@link Records#TOP} layout). */
    long strongest(long[] life, long hi, long lo, int gen, long now, long best) {
        int low = 0;
        int high = segHi.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (AddressSegments.compare(segHi[mid], segLo[mid], hi, lo) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (found < 0) {
            return best;
        }
        for (int i = segFrom[found], end = segFrom[found + 1]; i < end && best < Records.TOP; i++) {
            best = Records.strongestOne(life, cover[i], gen, now, best);
        }
        return best;
    }

    /**
     * An IPv4 /16 bucket's segments for lookups, in one array so a lookup reads one or two cache lines:
     * {@code [n, start_0 .. start_n-1, from_0 .. from_n, cover...]}, starts being offsets in the /16; null
     * when the bucket holds nothing.
     */
    int[] flatV4() {
        int n = segLo.length;
        if (record.length == 0 || n == 0) {
            return null;
        }
        long slice = segLo[0] >>> 16;
        while (n > 0 && (segHi[n - 1] != 0 || segLo[n - 1] >>> 16 != slice)) {
            n--; // the end of a range that runs to the slice's end starts past it: no address here reaches it
        }
        int[] f = new int[2 + 2 * n + cover.length];
        f[0] = n;
        for (int i = 0; i < n; i++) {
            f[1 + i] = (int) segLo[i] & 0xffff;
        }
        for (int i = 0; i <= n; i++) {
            f[1 + n + i] = 2 + 2 * n + segFrom[i];
        }
        System.arraycopy(cover, 0, f, 2 + 2 * n, cover.length);
        return f;
    }

    /** {@link #strongest} over a {@link #flatV4} array, for the address at {@code offset} in the /16. */
    static long strongestV4(int[] f, long[] life, int offset, int gen, long now, long best) {
        int n = f[0];
        int found = 0;
        while (found < n && f[1 + found] <= offset) {
            found++;
        }
        if (found == 0) {
            return best;
        }
        for (int i = f[n + found], end = f[n + found + 1]; i < end && best < Records.TOP; i++) {
            best = Records.strongestOne(life, f[i], gen, now, best);
        }
        return best;
    }

    /** Builds a bucket from entries (parallel lists), clipping each range to the slice [first, last]. */
    static RangeBucket build(Entries e, long firstHi, long firstLo, long lastHi, long lastLo) {
        int n = e.size;
        if (n == 0) {
            return EMPTY;
        }
        // Events: the start of entry i (kind 1) and the first address after its end (kind 0).
        long[] evHi = new long[2 * n];
        long[] evLo = new long[2 * n];
        int[] evRef = new int[2 * n];
        int events = 0;
        for (int i = 0; i < n; i++) {
            long hi = e.netHi[i];
            long lo = e.netLo[i];
            int p = e.prefix[i] & 0xff;
            long endHi = hi | ~IpNetwork.maskHi(p);
            long endLo = lo | ~IpNetwork.maskLo(p);
            if (AddressSegments.compare(hi, lo, firstHi, firstLo) < 0) {
                hi = firstHi;
                lo = firstLo;
            }
            if (AddressSegments.compare(endHi, endLo, lastHi, lastLo) > 0) {
                endHi = lastHi;
                endLo = lastLo;
            }
            evHi[events] = hi;
            evLo[events] = lo;
            evRef[events++] = i << 1 | 1;
            if (endHi != -1L || endLo != -1L) {
                long nextLo = endLo + 1;
                evHi[events] = nextLo == 0 ? endHi + 1 : endHi;
                evLo[events] = nextLo;
                evRef[events++] = i << 1;
            }
        }
        Integer[] order = new Integer[events];
        for (int i = 0; i < events; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> AddressSegments.compare(evHi[a], evLo[a], evHi[b], evLo[b]));
        List<Integer> active = new ArrayList<>();
        long[] segHi = new long[events];
        long[] segLo = new long[events];
        int[] segFrom = new int[events + 1];
        int[] cover = new int[Math.max(4, n * 2)];
        int covered = 0;
        int segments = 0;
        for (int i = 0; i < events; ) {
            long hi = evHi[order[i]];
            long lo = evLo[order[i]];
            while (i < events && evHi[order[i]] == hi && evLo[order[i]] == lo) {
                int ref = evRef[order[i]];
                if ((ref & 1) == 1) {
                    active.add(ref >>> 1);
                } else {
                    active.remove(Integer.valueOf(ref >>> 1));
                }
                i++;
            }
            segHi[segments] = hi;
            segLo[segments] = lo;
            segFrom[segments] = covered;
            if (covered + active.size() > cover.length) {
                cover = Arrays.copyOf(cover, Math.max(cover.length * 2, covered + active.size()));
            }
            for (int a : active) {
                cover[covered++] = e.record[a];
            }
            segments++;
        }
        segFrom[segments] = covered;
        return new RangeBucket(Arrays.copyOf(e.netHi, n), Arrays.copyOf(e.netLo, n), Arrays.copyOf(e.prefix, n),
                Arrays.copyOf(e.record, n), Arrays.copyOf(segHi, segments), Arrays.copyOf(segLo, segments),
                Arrays.copyOf(segFrom, segments + 1), Arrays.copyOf(cover, covered));
    }

    /** Growable parallel lists of range entries, for building a bucket. */
    static final class Entries {
        long[] netHi = new long[4];
        long[] netLo = new long[4];
        byte[] prefix = new byte[4];
        int[] record = new int[4];
        int size;

        void add(long hi, long lo, int p, int r) {
            if (size == record.length) {
                int c = size * 2;
                netHi = Arrays.copyOf(netHi, c);
                netLo = Arrays.copyOf(netLo, c);
                prefix = Arrays.copyOf(prefix, c);
                record = Arrays.copyOf(record, c);
            }
            netHi[size] = hi;
            netLo[size] = lo;
            prefix[size] = (byte) p;
            record[size++] = r;
        }

        void addAll(RangeBucket b) {
            for (int i = 0; i < b.size(); i++) {
                add(b.netHi[i], b.netLo[i], b.prefix[i], b.record[i]);
            }
        }
    }
}
