package io.spoabouncer.domain.store;

import io.spoabouncer.domain.ip.IpAddress;
import java.lang.invoke.VarHandle;

/**
 * IPv4 address → the first record of its chain, in one {@code long} a slot ({@code address << 32 | head}),
 * open addressing with linear probing: a probe reads one word, and a hit or a miss is usually one cache line.
 * 0 is an empty slot; head {@link #TOMB} a key whose decisions are all gone (kept so probes run past it,
 * dropped at the next rehash). Written in place by the store's single writer: a new slot or head is one
 * atomic release write, so a concurrent lookup sees the old head or the new one, never half of either.
 */
final class V4Table {
    private static final VarHandle LONGS = Records.LONGS;
    static final int TOMB = -1;
    private static final double MAX_LOAD = 0.7;
    private static final double REHASH_LOAD = 0.5;

    long[] slots;
    /** Keys with a chain, and slots in use (keys plus tombstones). */
    private int live;
    private int used;

    V4Table(int expectedKeys) {
        slots = new long[capacityFor(expectedKeys)];
    }

    static int capacityFor(int keys) {
        return (int) Math.min(1 << 30, Math.max(16, (long) (keys / REHASH_LOAD) + 1));
    }

    /**
     * The key's first slot. The hash is salted with the capacity: a table filled in another table's slot
     * order (a snapshot written from one store and read into a growing one) would otherwise meet its keys
     * in ascending home order and pile them into one ever-longer run, quadratic in the keys.
     */
    static int home(int key, int capacity) {
        int h = key ^ capacity * 0x9E3779B9;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return (int) ((h & 0xffff_ffffL) * capacity >>> 32);
    }

    /** The chain head for the address, or 0. Allocation-free; safe against the writer. */
    static int find(long[] t, int key) {
        int cap = t.length;
        for (int i = home(key, cap); ; ) {
            long e = (long) LONGS.getAcquire(t, i);
            if (e == 0) {
                return 0;
            }
            if ((int) (e >>> 32) == key) {
                int head = (int) e;
                return head == TOMB ? 0 : head;
            }
            if (++i == cap) {
                i = 0;
            }
        }
    }

    /** The key's home slot as it is now: read early so that the slot is in cache when the key is written. */
    static long touch(long[] t, int key) {
        return t[home(key, t.length)];
    }

    int head(int key) {
        return find(slots, key);
    }

    /** Sets the key's chain head (0 removes it); call {@link #reserve} before a batch so this never grows. */
    void setHead(int key, int head) {
        long[] t = slots;
        int cap = t.length;
        for (int i = home(key, cap); ; ) {
            long e = t[i];
            if (e == 0) {
                if (head == 0) {
                    return;
                }
                if (used + 1 > cap * MAX_LOAD) {
                    rehash(live + 1);
                    setHead(key, head);
                    return;
                }
                used++;
                live++;
                LONGS.setRelease(t, i, (long) key << 32 | (head & 0xffff_ffffL));
                return;
            }
            if ((int) (e >>> 32) == key) {
                int old = (int) e;
                if (old == TOMB && head != 0) {
                    live++;
                } else if (old != TOMB && head == 0) {
                    live--;
                }
                LONGS.setRelease(t, i, (long) key << 32 | ((head == 0 ? TOMB : head) & 0xffff_ffffL));
                return;
            }
            if (++i == cap) {
                i = 0;
            }
        }
    }

    /** Room for {@code more} new keys; a rehash makes a new array (the published one is left as it is). */
    void reserve(int more) {
        if (used + (long) more > slots.length * MAX_LOAD) {
            rehash(live + more);
        }
    }

    private void rehash(int keys) {
        long[] old = slots;
        long[] t = new long[capacityFor(keys)];
        int cap = t.length;
        int n = 0;
        for (long e : old) {
            if (e != 0 && (int) e != TOMB) {
                int i = home((int) (e >>> 32), cap);
                while (t[i] != 0) {
                    if (++i == cap) {
                        i = 0;
                    }
                }
                t[i] = e;
                n++;
            }
        }
        slots = t;
        live = n;
        used = n;
    }

    /** Visits every key that has a chain: {@code visitor(address, head)}. */
    static void forEach(long[] t, KeyVisitor visitor) {
        for (long e : t) {
            if (e != 0 && (int) e != TOMB) {
                visitor.visit(0, IpAddress.v4MappedLow((int) (e >>> 32)), (int) e);
            }
        }
    }

    interface KeyVisitor {
        void visit(long hi, long lo, int head);
    }
}
