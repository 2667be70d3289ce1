package io.spoabouncer.domain.store;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionTag;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Every decision the store holds, as columns indexed by a record id (0 is "none"): 24 bytes a decision.
 * {@code life[2r]} holds the generations that bound its visibility (added at, deleted at), {@code life[2r+1]}
 * its expiry, rank and chain flag, so a lookup reads one cache line to judge it; {@code next[r]} chains the
 * decisions of one key, {@code tags[r]} is the shared type/origin/scenario/source.
 * <p>
 * Multi-version: a batch writes new records with its own generation and marks removed ones with it, so a
 * reader at an older generation still sees the old set. A record is rewritten only after it was unlinked and
 * a later snapshot was published (see {@link DecisionStore}), and then only readers of a stale snapshot could
 * reach it: they notice the newer snapshot and look again.
 */
final class Records {
    static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    static final int LIVE = Integer.MAX_VALUE;
    static final long HAS_NEXT = 1;
    /** Expiry is kept in 47 bits of milliseconds (year 6400); this value means never. */
    static final long NEVER = (1L << 47) - 1;
    /** A lookup's result: (rank + 1) << 32 | record; 0 when nothing matched. Rank 4 (ban) cannot be beaten. */
    static final long TOP = 5L << 32;

    long[] life;
    int[] next;
    DecisionTag[] tags;
    /** The first never-used id. */
    private int top = 1;
    private int[] free = new int[16];
    private int freeCount;
    /**
     * The columns were replaced by bigger copies since the last publish. Readers of the published snapshot
     * read the old copies, which never see a write made after the copy: until the next publish, new records
     * take ids past the old copies (readers look those up in the new ones, see {@link #strongest}), never a
     * freed id nor an unused one below the old length.
     */
    private boolean grown;
    /** Unlinked in the last prune: reusable once one more snapshot has been published. */
    private int[] pending = new int[16];
    private int pendingCount;

    Records(int capacity) {
        int c = Math.max(16, capacity);
        life = new long[2 * c];
        next = new int[c];
        tags = new DecisionTag[c];
    }

    /** Makes room for {@code more} new records without growing during the batch. */
    void reserve(int more) {
        long needed = (long) top + (grown ? more : Math.max(0, more - freeCount));
        if (needed > next.length) {
            int old = next.length;
            int c = (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) old + more, old + (old >> 1)));
            life = Arrays.copyOf(life, 2 * c);
            next = Arrays.copyOf(next, c);
            tags = Arrays.copyOf(tags, c);
            // Ids the old copies hold but nobody used yet go free after the publish, like a freed id.
            for (int r = top; r < old; r++) {
                release(r);
            }
            top = old;
            grown = true;
        }
    }

    int allocate(int addedAt, long expiresAtMillis, DecisionTag tag) {
        int r;
        if (freeCount > 0 && !grown) {
            r = free[--freeCount];
        } else {
            if (top == next.length) {
                reserve(1);
            }
            r = top++;
        }
        life[2 * r] = (long) addedAt << 32 | LIVE;
        life[2 * r + 1] = encodeExpiry(expiresAtMillis) << 16 | (long) tag.type().rank() << 8;
        next[r] = 0;
        tags[r] = tag;
        return r;
    }

    static long encodeExpiry(long expiresAtMillis) {
        return expiresAtMillis >= NEVER ? NEVER : Math.max(0, expiresAtMillis);
    }

    long expiresAt(int r) {
        return expiresAt(life, r);
    }

    static long expiresAt(long[] life, int r) {
        long e = life[2 * r + 1] >>> 16;
        return e == NEVER ? Decision.NEVER_EXPIRES : e;
    }

    int addedAt(int r) {
        return (int) (life[2 * r] >>> 32);
    }

    int deletedAt(int r) {
        return (int) life[2 * r];
    }

    boolean isLive(int r) {
        return deletedAt(r) == LIVE;
    }

    /** Visible to a reader at generation {@code gen}. */
    static boolean visibleAt(long[] life, int r, int gen) {
        if (2 * r >= life.length) {
            return false; // past the snapshot's columns: added after it
        }
        long l = life[2 * r];
        return (int) (l >>> 32) <= gen && gen < (int) l;
    }

    /** Marks the record removed from generation {@code gen} on; readers at older generations still see it. */
    void delete(int r, int gen) {
        LONGS.setRelease(life, 2 * r, (life[2 * r] & 0xffff_ffff_0000_0000L) | gen);
    }

    /** Links {@code r} in front of {@code head} (r is not yet reachable, plain writes are enough). */
    void linkBefore(int r, int head) {
        if (head != 0) {
            next[r] = head;
            life[2 * r + 1] |= HAS_NEXT;
        }
    }

    int nextOf(int r) {
        return (life[2 * r + 1] & HAS_NEXT) == 0 ? 0 : next[r];
    }

    /** Unlinks {@code r}'s successor by pointing r past it (to {@code after}, 0 for the end). */
    void skipTo(int r, int after) {
        if (after == 0) {
            LONGS.setRelease(life, 2 * r + 1, life[2 * r + 1] & ~HAS_NEXT);
        } else {
            INTS.setRelease(next, r, after);
        }
    }

    void release(int r) {
        if (pendingCount == pending.length) {
            pending = Arrays.copyOf(pending, pendingCount * 2);
        }
        pending[pendingCount++] = r;
    }

    /** Called on publishing a snapshot: what the previous prune unlinked can be reused from now on. */
    void published() {
        grown = false;
        if (freeCount + pendingCount > free.length) {
            free = Arrays.copyOf(free, Math.max(free.length * 2, freeCount + pendingCount));
        }
        for (int i = 0; i < pendingCount; i++) {
            tags[pending[i]] = null;
        }
        System.arraycopy(pending, 0, free, freeCount, pendingCount);
        freeCount += pendingCount;
        pendingCount = 0;
        if (pending.length > 4096) {
            pending = new int[16]; // after a big prune, do not keep its buffer
        }
    }

    /**
     * The strongest record visible at {@code gen} and not expired at {@code now} in the chain from {@code r},
     * against the result so far ({@link #TOP} layout). Allocation-free; reads the mutable words with acquire
     * so a reader that sees an unlink also sees the snapshot published before it.
     */
    static long strongest(long[] life, int[] next, Records grown, int r, int gen, long now, long best) {
        while (r != 0) {
            if (r >= next.length) {
                // A record of a batch that grew the columns after this snapshot: not visible at gen, but its
                // successors are read from the grown columns (assigned before r was published: acquire).
                life = grown.life;
                next = grown.next;
                if (r >= next.length) {
                    return best;
                }
            }
            long l = (long) LONGS.getOpaque(life, 2 * r);
            long w = (long) LONGS.getAcquire(life, 2 * r + 1);
            if ((int) (l >>> 32) <= gen && gen < (int) l && (w >>> 16) > now) {
                long rank = ((w >>> 8) & 0xff) + 1;
                if (rank > best >>> 32) {
                    best = rank << 32 | r;
                }
            }
            if ((w & HAS_NEXT) == 0) {
                return best;
            }
            r = (int) INTS.getAcquire(next, r);
        }
        return best;
    }

    /** One record only (ranges are not chained). */
    static long strongestOne(long[] life, int r, int gen, long now, long best) {
        if (2 * r >= life.length) {
            return best; // added by a batch that grew the columns after this snapshot: not visible at gen
        }
        long l = (long) LONGS.getOpaque(life, 2 * r);
        long w = life[2 * r + 1];
        if ((int) (l >>> 32) <= gen && gen < (int) l && (w >>> 16) > now) {
            long rank = ((w >>> 8) & 0xff) + 1;
            if (rank > best >>> 32) {
                return rank << 32 | r;
            }
        }
        return best;
    }
}
