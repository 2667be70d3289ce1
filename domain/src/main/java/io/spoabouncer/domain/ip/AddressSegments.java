package io.spoabouncer.domain.ip;

/**
 * Sorted segment starts over the 128-bit address space: {@link #find} returns the segment holding an
 * address with one binary search; for IPv4(-mapped) addresses, a table of the segment holding each /16's
 * first address narrows it to a few comparisons. Immutable, allocation-free lookups. What a segment
 * carries (decisions, a country, an AS) is the caller's array, indexed the same way.
 */
public final class AddressSegments {
    private static final int V4_BUCKETS = 1 << 16;

    private final long[] startHi;
    private final long[] startLo;
    private final int[] v4First;

    /** @param startHi, startLo segment starts, strictly ascending (unsigned 128-bit) */
    public AddressSegments(long[] startHi, long[] startLo) {
        if (startHi.length != startLo.length) {
            throw new IllegalArgumentException("start arrays differ in length");
        }
        this.startHi = startHi;
        this.startLo = startLo;
        if (startHi.length == 0) {
            v4First = null;
            return;
        }
        int[] first = new int[V4_BUCKETS + 1];
        for (int b = 0; b < V4_BUCKETS; b++) {
            first[b] = search(0, IpAddress.v4MappedLow(b << 16), 0, startHi.length - 1);
        }
        first[V4_BUCKETS] = search(0, IpAddress.v4MappedLow(-1), 0, startHi.length - 1);
        v4First = first;
    }

    public int size() {
        return startHi.length;
    }

    /** Segment {@code i}'s first address; it ends where segment {@code i + 1} starts, the last at the top of the space. */
    public long startHi(int i) {
        return startHi[i];
    }

    public long startLo(int i) {
        return startLo[i];
    }

    /** The index of the segment holding the address (the last start at or below it), or -1. */
    public int find(long hi, long lo) {
        if (v4First == null) {
            return -1;
        }
        if (IpAddress.isV4(hi, lo)) {
            int bucket = (int) (lo >>> 16) & 0xffff;
            int from = v4First[bucket];
            int found = search(hi, lo, Math.max(from, 0), v4First[bucket + 1]);
            return found < 0 ? from : found;
        }
        return search(hi, lo, 0, startHi.length - 1);
    }

    private int search(long hi, long lo, int low, int high) {
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (compare(startHi[mid], startLo[mid], hi, lo) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    public static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }
}
