package io.spoabouncer.domain.store;

import io.spoabouncer.domain.decision.Decision;
import java.util.function.Consumer;

/**
 * Open-addressing hash table from a 128-bit primitive key to the decisions held for it.
 * Linear probing with backward-shift deletion (no tombstones), so lookups stay short after deletes.
 * The two key halves sit side by side in one array, so a probe touches one cache line for the key.
 * Mutated only by the store's single writer on a private copy, then published read-only.
 */
final class KeyTable {
    private static final int MIN_CAPACITY = 16;

    /** keys[2i] = high word, keys[2i+1] = low word of slot i. */
    private long[] keys;
    /** A Decision when the key has one (the usual case: one less indirection), a Decision[] when several. */
    private Object[] values;
    private int size;
    private int mask;

    KeyTable() {
        this(MIN_CAPACITY);
    }

    private KeyTable(int capacity) {
        keys = new long[2 * capacity];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    KeyTable copy() {
        KeyTable c = new KeyTable(1);
        c.keys = keys.clone();
        c.values = values.clone();
        c.size = size;
        c.mask = mask;
        return c;
    }

    int size() {
        return size;
    }

    static int slot(long hi, long lo, int mask) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    /** The key's Decision, or Decision[] when it has several, or null. Allocation-free. */
    Object get(long hi, long lo) {
        long[] k = keys;
        Object[] v = values;
        int m = mask;
        for (int i = slot(hi, lo, m); ; i = (i + 1) & m) {
            Object d = v[i];
            if (d == null) {
                return null;
            }
            if (k[2 * i] == hi && k[2 * i + 1] == lo) {
                return d;
            }
        }
    }

    /** The key's decisions as an array (for the writer; allocates for a single one). */
    Decision[] getAll(long hi, long lo) {
        Object o = get(hi, lo);
        return o == null ? null : o instanceof Decision ? new Decision[] {(Decision) o} : (Decision[]) o;
    }

    /** Sets (or, with null, removes) the decisions for the key. */
    void put(long hi, long lo, Decision[] decisions) {
        if (decisions == null || decisions.length == 0) {
            remove(hi, lo);
            return;
        }
        putValue(hi, lo, decisions.length == 1 ? decisions[0] : decisions);
    }

    private void putValue(long hi, long lo, Object decisions) {
        if ((size + 1) * 3L > values.length * 2L) {
            resize(values.length * 2);
        }
        for (int i = slot(hi, lo, mask); ; i = (i + 1) & mask) {
            if (values[i] == null) {
                keys[2 * i] = hi;
                keys[2 * i + 1] = lo;
                values[i] = decisions;
                size++;
                return;
            }
            if (keys[2 * i] == hi && keys[2 * i + 1] == lo) {
                values[i] = decisions;
                return;
            }
        }
    }

    private void remove(long hi, long lo) {
        int i = slot(hi, lo, mask);
        while (true) {
            if (values[i] == null) {
                return;
            }
            if (keys[2 * i] == hi && keys[2 * i + 1] == lo) {
                break;
            }
            i = (i + 1) & mask;
        }
        size--;
        // Backward-shift: pull later entries of the probe run into the hole.
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (values[j] == null) {
                break;
            }
            int home = slot(keys[2 * j], keys[2 * j + 1], mask);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[2 * hole] = keys[2 * j];
                keys[2 * hole + 1] = keys[2 * j + 1];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = null;
        keys[2 * hole] = 0;
        keys[2 * hole + 1] = 0;
    }

    private void resize(int capacity) {
        long[] ok = keys;
        Object[] ov = values;
        keys = new long[2 * capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        size = 0;
        for (int i = 0; i < ov.length; i++) {
            if (ov[i] != null) {
                putValue(ok[2 * i], ok[2 * i + 1], ov[i]);
            }
        }
    }

    /** Visits every decision of every key. */
    void forEach(Consumer<Decision> action) {
        for (Object o : values) {
            if (o instanceof Decision) {
                action.accept((Decision) o);
            } else if (o != null) {
                for (Decision d : (Decision[]) o) {
                    action.accept(d);
                }
            }
        }
    }

    /** Grows the table once for an expected number of keys, so a big load does not rehash repeatedly. */
    void ensureCapacity(int expectedKeys) {
        long needed = (long) expectedKeys * 3 / 2 + 1;
        int capacity = values.length;
        while (capacity < needed && capacity < (1 << 30)) {
            capacity <<= 1;
        }
        if (capacity != values.length) {
            resize(capacity);
        }
    }
}
