package io.spoabouncer.domain.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A store refilled in another store's slot order (a snapshot written from one, read into a table that grows
 * as it goes) must not pile its keys into one run: that made a million-decision snapshot take 90 s to load.
 * The first eighth of the keys in the full table's order is where a growing table meets them.
 */
class HashOrderRefillTest {
    private static final int KEYS = 200_000;
    /** Linear probing at load 0.7 has runs of a few hundred at worst; a pile-up is tens of thousands. */
    private static final int LONGEST_RUN = 1_000;

    @Test
    void ipv4KeysInAFullTablesOrderSpreadOverAGrowingOne() {
        V4Table full = new V4Table(KEYS);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < KEYS; i++) {
            full.setHead(r.nextInt(), 1);
        }
        V4Table refill = new V4Table(16);
        int[] n = {0};
        V4Table.forEach(full.slots, (hi, lo, head) -> {
            if (n[0]++ < KEYS / 8) {
                refill.setHead((int) lo, head);
            }
        });
        int run = longestRun(refill.slots, 1);
        assertTrue(run < LONGEST_RUN, "longest run " + run);
    }

    @Test
    void wideKeysInAFullTablesOrderSpreadOverAGrowingOne() {
        KeyTable full = new KeyTable(KEYS);
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < KEYS; i++) {
            full.setHead(0x2001_0db8_0000_0000L | (r.nextLong() & 0xffff_ffffL), r.nextLong(), 1);
        }
        KeyTable refill = new KeyTable(16);
        int[] n = {0};
        KeyTable.forEach(full.slots, (hi, lo, head) -> {
            if (n[0]++ < KEYS / 8) {
                refill.setHead(hi, lo, head);
            }
        });
        int run = longestRun(refill.slots, 3);
        assertTrue(run < LONGEST_RUN, "longest run " + run);
    }

    /** The longest run of occupied slots (what the slowest probe walks); the head is a slot's last word. */
    private static int longestRun(long[] t, int wordsPerSlot) {
        int cap = t.length / wordsPerSlot;
        int longest = 0;
        int run = 0;
        for (int i = 0; i < 2 * cap; i++) {
            run = t[wordsPerSlot * (i % cap) + wordsPerSlot - 1] == 0 ? 0 : run + 1;
            longest = Math.max(longest, Math.min(run, cap));
        }
        return longest;
    }
}
