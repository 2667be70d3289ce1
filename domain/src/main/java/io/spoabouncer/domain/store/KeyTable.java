package io.spoabouncer.domain.store;

import java.lang.invoke.VarHandle;

/**
 * A 128-bit key (an IPv6 address, a country, an AS number) → the first record of its chain: three
 * {@code long}s a slot (high word, low word, head), open addressing with linear probing. Head 0 is an empty
 * slot, {@link V4Table#TOMB} a key whose decisions are all gone; a slot's key is written before its head
 * (release), and a tombstone is only ever revived for its own key, so a concurrent lookup never reads a key
 * being rewritten. Single writer, in place, as {@link V4Table}.
 */
final class KeyTable {
    private static final VarHandle LONGS = Records.LONGS;
    private static final long TOMB = V4Table.TOMB & 0xffff_ffffL;
    private static final double MAX_LOAD = 0.7;
    private static final double REHASH_LOAD = 0.5;

    long[] slots;
    private int live;
    private int used;

    KeyTable(int expectedKeys) {
        slots = new long[3 * V4Table.capacityFor(expectedKeys)];
    }

    /** Salted with the capacity, for the reason {@link V4Table#home} gives. */
    static int home(long hi, long lo, int capacity) {
        return (int) ((mix(hi * 0x9E3779B97F4A7C15L ^ lo, capacity) >>> 32) * capacity >>> 32);
    }

    /** A 64-bit hash (murmur3's finaliser) of {@code h} salted with the table's capacity. */
    static long mix(long h, int capacity) {
        h ^= capacity * 0xD6E8FEB86659FD93L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    int live() {
        return live;
    }

    static int find(long[] t, long hi, long lo) {
        int cap = t.length / 3;
        for (int i = home(hi, lo, cap); ; ) {
            long head = (long) LONGS.getAcquire(t, 3 * i + 2);
            if (head == 0) {
                return 0;
            }
            if (t[3 * i] == hi && t[3 * i + 1] == lo) {
                return head == TOMB ? 0 : (int) head;
            }
            if (++i == cap) {
                i = 0;
            }
        }
    }

    /** The key's home slot as it is now: read early so that the slot is in cache when the key is written. */
    static long touch(long[] t, long hi, long lo) {
        return t[3 * home(hi, lo, t.length / 3) + 2];
    }

    int head(long hi, long lo) {
        return find(slots, hi, lo);
    }

    void setHead(long hi, long lo, int head) {
        long[] t = slots;
        int cap = t.length / 3;
        for (int i = home(hi, lo, cap); ; ) {
            long h = t[3 * i + 2];
            if (h == 0) {
                if (head == 0) {
                    return;
                }
                if (used + 1 > cap * MAX_LOAD) {
                    rehash(live + 1);
                    setHead(hi, lo, head);
                    return;
                }
                used++;
                live++;
                t[3 * i] = hi;
                t[3 * i + 1] = lo;
                LONGS.setRelease(t, 3 * i + 2, head & 0xffff_ffffL);
                return;
            }
            if (t[3 * i] == hi && t[3 * i + 1] == lo) {
                if (h == TOMB && head != 0) {
                    live++;
                } else if (h != TOMB && head == 0) {
                    live--;
                }
                LONGS.setRelease(t, 3 * i + 2, head == 0 ? TOMB : head & 0xffff_ffffL);
                return;
            }
            if (++i == cap) {
                i = 0;
            }
        }
    }

    void reserve(int more) {
        if (used + (long) more > (slots.length / 3) * MAX_LOAD) {
            rehash(live + more);
        }
    }

    private void rehash(int keys) {
        long[] old = slots;
        int cap = V4Table.capacityFor(keys);
        long[] t = new long[3 * cap];
        int n = 0;
        for (int j = 0; j < old.length; j += 3) {
            long h = old[j + 2];
            if (h != 0 && h != TOMB) {
                int i = home(old[j], old[j + 1], cap);
                while (t[3 * i + 2] != 0) {
                    if (++i == cap) {
                        i = 0;
                    }
                }
                t[3 * i] = old[j];
                t[3 * i + 1] = old[j + 1];
                t[3 * i + 2] = h;
                n++;
            }
        }
        slots = t;
        live = n;
        used = n;
    }

    static void forEach(long[] t, V4Table.KeyVisitor visitor) {
        for (int j = 0; j < t.length; j += 3) {
            long h = t[j + 2];
            if (h != 0 && h != TOMB) {
                visitor.visit(t[j], t[j + 1], (int) h);
            }
        }
    }
}
