package io.spoabouncer.adapter.decisions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SharedKeyWatchTest {
    final SharedKeyWatch watch = new SharedKeyWatch(30_000, 60_000);

    @Test
    void aSingleAgentSeesEveryIdAndPaysNothing() {
        watch.afterFull(new long[] {1, 2, 3}, 3, 0);
        assertFalse(watch.afterDelta(new long[] {5, 4}, 2));
        assertFalse(watch.afterDelta(new long[0], 0));
        assertFalse(watch.afterDelta(new long[] {6, 2}, 2), "an old id (a deletion) is no skip");
        assertFalse(watch.fullPullDue(1_000_000));
        assertFalse(watch.shared());
    }

    @Test
    void skippedIdsFoundInTheFullListMeanASharedKey() {
        watch.afterFull(new long[] {1, 2}, 2, 0);
        assertTrue(watch.afterDelta(new long[] {3, 6}, 2), "4 and 5 went elsewhere");
        assertFalse(watch.fullPullDue(10_000), "at most one full pull per min-interval");
        assertTrue(watch.fullPullDue(30_000));
        assertEquals(2, watch.afterFull(new long[] {1, 2, 3, 4, 5, 6}, 6, 30_000));
        assertTrue(watch.shared());
        assertFalse(watch.fullPullDue(60_000));
        assertTrue(watch.fullPullDue(90_000), "then the full list every resync-interval");
    }

    @Test
    void skipsThatTheFullListDoesNotHoldAreFilteredDecisions() {
        watch.afterFull(new long[0], 0, 0);
        assertTrue(watch.afterDelta(new long[] {2}, 1), "id 1 skipped (e.g. a scope we do not ask for)");
        assertEquals(0, watch.afterFull(new long[] {2}, 1, 40_000));
        assertFalse(watch.shared());
        assertFalse(watch.fullPullDue(1_000_000));
    }
}
