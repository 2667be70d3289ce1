package io.spoabouncer.domain.store;

import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.domain.ip.IpNetwork;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Range decisions in buckets: IPv4 ranges by /16 (a range wider than /16 sits in each /16 it covers, an IPv6
 * range holding all of ::ffff:0:0/96 in every one), IPv6 ranges by /32, IPv6 ranges wider than /32 in one
 * wide bucket. A batch rebuilds only the buckets it touches. Single writer; buckets are swapped in place
 * with release writes, each new bucket a superset of what readers at the published generation need.
 */
final class RangeIndex {
    static final VarHandle BUCKETS = MethodHandles.arrayElementVarHandle(RangeBucket[].class);
    private static final VarHandle FLATS = MethodHandles.arrayElementVarHandle(int[][].class);
    static final int V4_BUCKETS = 1 << 16;
    private static final long V6 = 1L << 32;
    private static final long WIDE = 1L << 33;

    RangeBucket[] v4;
    /** What lookups read of the IPv4 buckets: {@link RangeBucket#flatV4()} of each. */
    int[][] v4Flat;
    long[] v6Keys = new long[16];
    RangeBucket[] v6 = new RangeBucket[16];
    private int v6Count;
    RangeBucket wide;
    private int ranges;

    /** This batch's new entries per bucket, and every bucket it touched (added to or deleted from). */
    private final Map<Long, RangeBucket.Entries> added = new HashMap<>();
    private final Set<Long> touched = new HashSet<>();

    int size() {
        return ranges;
    }

    // ---- reading (any thread) ----

    static long strongest(int[][] v4Flat, long[] v6Keys, RangeBucket[] v6, RangeBucket wide, long[] life,
                          long hi, long lo, int gen, long now, long best) {
        if (IpAddress.isV4(hi, lo)) {
            if (v4Flat != null) {
                int[] f = (int[]) FLATS.getAcquire(v4Flat, (int) (lo >>> 16) & 0xffff);
                if (f != null) {
                    best = RangeBucket.strongestV4(f, life, (int) lo & 0xffff, gen, now, best);
                }
            }
            return best;
        }
        RangeBucket b = findV6(v6Keys, v6, hi >>> 32);
        if (b != null) {
            best = b.strongest(life, hi, lo, gen, now, best);
        }
        return wide == null || best >= Records.TOP ? best : wide.strongest(life, hi, lo, gen, now, best);
    }

    private static int v6Home(long key, int capacity) {
        return (int) ((KeyTable.mix(key, capacity) >>> 32) * capacity >>> 32);
    }

    private static RangeBucket findV6(long[] keys, RangeBucket[] vals, long key) {
        int cap = vals.length;
        for (int i = v6Home(key, cap); ; ) {
            RangeBucket b = (RangeBucket) BUCKETS.getAcquire(vals, i);
            if (b == null) {
                return null;
            }
            if (keys[i] == key) {
                return b;
            }
            if (++i == cap) {
                i = 0;
            }
        }
    }

    // ---- placement ----

    private static boolean inMapped(long hi, long lo, int p) {
        return p >= 96 && hi == 0 && (lo >>> 32) == 0xffffL;
    }

    private static boolean holdsMapped(long hi, long lo, int p) {
        return p <= 96 && (IpAddress.V4_MAPPED_PREFIX & IpNetwork.maskLo(p)) == lo && hi == 0;
    }

    /** The range's home bucket: where it is found for a delete and listed once. */
    static long home(long hi, long lo, int p) {
        if (inMapped(hi, lo, p)) {
            return (lo & 0xffff_ffffL) >>> 16;
        }
        return p >= 32 ? V6 | (hi >>> 32) : WIDE;
    }

    interface BucketSink {
        void accept(long bucket);
    }

    static void forEachBucket(long hi, long lo, int p, BucketSink sink) {
        if (inMapped(hi, lo, p)) {
            int v4 = (int) lo;
            int first = v4 >>> 16;
            int last = (v4 | (int) ~(-1L << (128 - p))) >>> 16;
            for (int b = first; b <= last; b++) {
                sink.accept(b);
            }
            return;
        }
        if (holdsMapped(hi, lo, p)) {
            for (int b = 0; b < V4_BUCKETS; b++) {
                sink.accept(b);
            }
        }
        sink.accept(p >= 32 ? V6 | (hi >>> 32) : WIDE);
    }

    private RangeBucket bucket(long id) {
        if (id == WIDE) {
            return wide;
        }
        if ((id & V6) != 0) {
            return findV6(v6Keys, v6, id & 0xffff_ffffL);
        }
        return v4 == null ? null : v4[(int) id];
    }

    private void install(long id, RangeBucket b) {
        if (id == WIDE) {
            wide = b;
        } else if ((id & V6) != 0) {
            putV6(id & 0xffff_ffffL, b);
        } else {
            if (v4 == null) {
                v4 = new RangeBucket[V4_BUCKETS];
                v4Flat = new int[V4_BUCKETS][];
            }
            FLATS.setRelease(v4Flat, (int) id, b.flatV4());
            BUCKETS.setRelease(v4, (int) id, b);
        }
    }

    private void putV6(long key, RangeBucket b) {
        if ((v6Count + 1) * 10L > v6.length * 7L) {
            long[] ok = v6Keys;
            RangeBucket[] ov = v6;
            long[] nk = new long[ov.length * 2];
            RangeBucket[] nv = new RangeBucket[ov.length * 2];
            for (int j = 0; j < ov.length; j++) {
                if (ov[j] != null) {
                    int i = v6Home(ok[j], nv.length);
                    while (nv[i] != null) {
                        i = i + 1 == nv.length ? 0 : i + 1;
                    }
                    nk[i] = ok[j];
                    nv[i] = ov[j];
                }
            }
            v6Keys = nk;
            v6 = nv;
        }
        int cap = v6.length;
        for (int i = v6Home(key, cap); ; i = i + 1 == cap ? 0 : i + 1) {
            if (v6[i] == null) {
                v6Keys[i] = key;
                BUCKETS.setRelease(v6, i, b);
                v6Count++;
                return;
            }
            if (v6Keys[i] == key) {
                BUCKETS.setRelease(v6, i, b);
                return;
            }
        }
    }

    private static long[] bounds(long id) {
        if (id == WIDE) {
            return new long[] {0, 0, -1L, -1L};
        }
        if ((id & V6) != 0) {
            long k = (id & 0xffff_ffffL) << 32;
            return new long[] {k, 0, k | 0xffff_ffffL, -1L};
        }
        int base = (int) id << 16;
        return new long[] {0, IpAddress.v4MappedLow(base), 0, IpAddress.v4MappedLow(base | 0xffff)};
    }

    // ---- writing (the store's writer) ----

    void add(long hi, long lo, int p, int record) {
        ranges++;
        forEachBucket(hi, lo, p, id -> added.computeIfAbsent(id, k -> new RangeBucket.Entries()).add(hi, lo, p, record));
    }

    /** A record of the range (this batch's additions included) that {@code match} accepts, or 0. */
    int find(long hi, long lo, int p, IntPredicate match) {
        long id = home(hi, lo, p);
        RangeBucket b = bucket(id);
        if (b != null) {
            for (int i = 0; i < b.size(); i++) {
                if (b.netHi[i] == hi && b.netLo[i] == lo && (b.prefix[i] & 0xff) == p && match.test(b.record[i])) {
                    return b.record[i];
                }
            }
        }
        RangeBucket.Entries e = added.get(id);
        if (e != null) {
            for (int i = 0; i < e.size; i++) {
                if (e.netHi[i] == hi && e.netLo[i] == lo && (e.prefix[i] & 0xff) == p && match.test(e.record[i])) {
                    return e.record[i];
                }
            }
        }
        return 0;
    }

    /** A record of the range was marked deleted: its buckets are pruned after the publish. */
    void deleted(long hi, long lo, int p) {
        ranges--;
        forEachBucket(hi, lo, p, touched::add);
    }

    /** Before the publish: every bucket with new entries is rebuilt with them (old records kept). */
    void finishBatch() {
        for (Map.Entry<Long, RangeBucket.Entries> e : added.entrySet()) {
            long id = e.getKey();
            RangeBucket.Entries all = new RangeBucket.Entries();
            RangeBucket old = bucket(id);
            if (old != null) {
                all.addAll(old);
            }
            RangeBucket.Entries fresh = e.getValue();
            for (int i = 0; i < fresh.size; i++) {
                all.add(fresh.netHi[i], fresh.netLo[i], fresh.prefix[i], fresh.record[i]);
            }
            long[] b = bounds(id);
            install(id, RangeBucket.build(all, b[0], b[1], b[2], b[3]));
        }
        added.clear();
    }

    /** After the publish: touched buckets (or all, for a full prune) rebuilt without records dead at {@code gen}. */
    void prune(Records records, int gen, boolean all) {
        if (all) {
            touched.clear();
            forEachId(touched::add);
        }
        for (long id : touched) {
            RangeBucket old = bucket(id);
            if (old == null || old.size() == 0) {
                continue;
            }
            RangeBucket.Entries keep = new RangeBucket.Entries();
            boolean dropped = false;
            for (int i = 0; i < old.size(); i++) {
                int r = old.record[i];
                int p = old.prefix[i] & 0xff;
                if (records.deletedAt(r) <= gen) {
                    dropped = true;
                    if (home(old.netHi[i], old.netLo[i], p) == id) {
                        records.release(r);
                    }
                } else {
                    keep.add(old.netHi[i], old.netLo[i], p, r);
                }
            }
            if (dropped) {
                long[] b = bounds(id);
                install(id, RangeBucket.build(keep, b[0], b[1], b[2], b[3]));
            }
        }
        touched.clear();
    }

    private void forEachId(BucketSink sink) {
        if (v4 != null) {
            for (int b = 0; b < V4_BUCKETS; b++) {
                if (v4[b] != null) {
                    sink.accept(b);
                }
            }
        }
        for (int i = 0; i < v6.length; i++) {
            if (v6[i] != null) {
                sink.accept(V6 | v6Keys[i]);
            }
        }
        if (wide != null) {
            sink.accept(WIDE);
        }
    }

    interface RangeVisitor {
        void visit(long hi, long lo, int prefix, int record);
    }

    /** Every range entry once (from its home bucket), as published in the given arrays. */
    static void forEach(RangeBucket[] v4, long[] v6Keys, RangeBucket[] v6, RangeBucket wide, RangeVisitor visitor) {
        if (v4 != null) {
            for (int id = 0; id < V4_BUCKETS; id++) {
                RangeBucket b = (RangeBucket) BUCKETS.getAcquire(v4, id);
                visitHome(b, id, visitor);
            }
        }
        for (int i = 0; i < v6.length; i++) {
            RangeBucket b = (RangeBucket) BUCKETS.getAcquire(v6, i);
            visitHome(b, V6 | v6Keys[i], visitor);
        }
        visitHome(wide, WIDE, visitor);
    }

    private static void visitHome(RangeBucket b, long id, RangeVisitor visitor) {
        if (b == null) {
            return;
        }
        for (int i = 0; i < b.size(); i++) {
            int p = b.prefix[i] & 0xff;
            if (home(b.netHi[i], b.netLo[i], p) == id) {
                visitor.visit(b.netHi[i], b.netLo[i], p, b.record[i]);
            }
        }
    }
}
