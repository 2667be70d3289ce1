package io.spoabouncer.adapter.decisions.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Notices that another process pulls with the same API key. LAPI (1.4.6, and newer from one address)
 * keeps one {@code last_pull} per key and a delta answers what was created since it, so two pullers each
 * get part of the new decisions. LAPI numbers decisions as it creates them: a delta whose ids skip some
 * above the highest this agent saw means decisions went elsewhere (or were filtered out). A full pull
 * then settles it: if it holds decisions from the skipped ids, they were lost, the key is shared, and from
 * then on the agent resyncs in full at an interval. A single agent with its own key meets no skip
 * (unless its filters hide decisions, which costs one full pull per such skip, at most every
 * {@code min-interval}) and pays nothing else.
 */
final class SharedKeyWatch {
    private static final int MAX_GAPS = 256;

    private final long minIntervalMillis;
    private final long resyncIntervalMillis;
    private long maxSeen = -1;
    private final List<long[]> gaps = new ArrayList<>();
    private boolean shared;
    private long lastFullMillis = Long.MIN_VALUE / 2;
    private long recovered;

    SharedKeyWatch(long minIntervalMillis, long resyncIntervalMillis) {
        this.minIntervalMillis = minIntervalMillis;
        this.resyncIntervalMillis = resyncIntervalMillis;
    }

    /** After a delta; true when its ids skip some above the highest seen. */
    boolean afterDelta(long[] ids, int count) {
        if (count == 0) {
            return !gaps.isEmpty();
        }
        long[] sorted = Arrays.copyOf(ids, count);
        Arrays.sort(sorted);
        if (maxSeen >= 0) {
            long expected = maxSeen + 1;
            for (long id : sorted) {
                if (id > expected && gaps.size() < MAX_GAPS) {
                    gaps.add(new long[] {expected, id - 1});
                }
                expected = Math.max(expected, id + 1);
            }
        }
        maxSeen = Math.max(maxSeen, sorted[count - 1]);
        return !gaps.isEmpty();
    }

    /** After a full pull at {@code nowMillis}: how many of its decisions came from skipped ids (were lost). */
    int afterFull(long[] ids, int count, long nowMillis) {
        lastFullMillis = nowMillis;
        int lost = 0;
        for (int i = 0; i < count; i++) {
            long id = ids[i];
            maxSeen = Math.max(maxSeen, id);
            for (long[] g : gaps) {
                if (id >= g[0] && id <= g[1]) {
                    lost++;
                    break;
                }
            }
        }
        gaps.clear();
        // Ids start at 1: once the full list is known, a first delta's ids can already show a skip.
        maxSeen = Math.max(maxSeen, 0);
        if (lost > 0) {
            shared = true;
            recovered += lost;
        }
        return lost;
    }

    /** Whether the next pull should be a full one. */
    boolean fullPullDue(long nowMillis) {
        long since = nowMillis - lastFullMillis;
        return (!gaps.isEmpty() && since >= minIntervalMillis) || (shared && since >= resyncIntervalMillis);
    }

    boolean shared() {
        return shared;
    }

    long recovered() {
        return recovered;
    }
}
