package io.spoabouncer.domain.bench;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.store.DecisionStore;
import java.util.List;

/**
 * Heap held per decision by the store (tables, per-key arrays and the decisions themselves), measured
 * as retained heap after full GCs. Run by scripts/bench.sh.
 */
public final class StoreFootprint {
    private StoreFootprint() {
    }

    public static void main(String[] args) throws Exception {
        for (int n : new int[] {10_000, 100_000, 1_000_000}) {
            long before = usedAfterGc();
            List<Decision> decisions = SyntheticDecisions.generate(n, 42);
            long withList = usedAfterGc();
            DecisionStore store = new DecisionStore();
            long t0 = System.nanoTime();
            store.replace("bench", decisions);
            long loadMs = (System.nanoTime() - t0) / 1_000_000;
            decisions = null;
            long withStore = usedAfterGc();
            System.out.printf("decisions=%,d  heap held by the store=%,d bytes  (%.1f bytes/decision)  load=%d ms  (input list alone: %,d bytes)%n",
                    store.size(), withStore - before, (withStore - before) / (double) store.size(), loadMs, withList - before);
            store = null;
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
