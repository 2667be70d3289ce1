package io.spoabouncer.domain.bench;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.store.DecisionStore;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What one delta costs on a full store: k decisions out, k new ones in, on a store of n, in steady churn
 * (each delta removes the oldest k held), timed and with the bytes the applying thread allocated (rehashes
 * and buckets included, so the mean is the amortised cost). Run by {@code scripts/bench.sh deltas [n...]}.
 */
public final class DeltaCost {
    private static final int[] KS = {10, 1_000, 15_000};

    private DeltaCost() {
    }

    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[] {10_000, 1_000_000, 5_000_000}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        System.out.println("| n | k | deltas | median ms | mean ms | max ms | mean allocated per delta | per changed decision |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int n : sizes) {
            // Distinct identities, and fresh ones unlike any held: each delta removes k and adds k.
            Set<Identity> seen = new HashSet<>();
            List<Decision> all = distinct(SyntheticDecisions.generate(n, 42), seen, n);
            for (int wanted : KS) {
                int k = Math.min(wanted, all.size()); // a store of n can give up at most n
                int rounds = Math.max(20, Math.min(2_000, 2_000_000 / k / 4));
                List<Decision> fresh = distinct(SyntheticDecisions.generate(k * (rounds + 10) * 11 / 10 + 100, 1000 + k), new HashSet<>(seen), k * (rounds + 10));
                DecisionStore store = new DecisionStore();
                store.replace("bench", all);
                ArrayDeque<Decision> held = new ArrayDeque<>(all);
                int cursor = 0;
                long[] ms = new long[rounds];
                long bytes = 0;
                for (int round = -10; round < rounds; round++) {
                    List<Decision> out = new ArrayList<>(k);
                    for (int i = 0; i < k; i++) {
                        out.add(held.pollFirst());
                    }
                    List<Decision> in = fresh.subList(cursor, cursor + k);
                    cursor += k;
                    long a0 = threads.getThreadAllocatedBytes(self);
                    long t0 = System.nanoTime();
                    store.apply("bench", in, out);
                    long t1 = System.nanoTime();
                    long a1 = threads.getThreadAllocatedBytes(self);
                    held.addAll(in);
                    if (round >= 0) { // the first 10 warm the JIT
                        ms[round] = t1 - t0;
                        bytes += a1 - a0;
                    }
                }
                long[] sorted = ms.clone();
                Arrays.sort(sorted);
                double mean = Arrays.stream(ms).average().orElse(0) / 1e6;
                System.out.printf("| %,d | %,d | %d | %.3f | %.3f | %.1f | %,d B | %.0f B |%n", n, k, rounds,
                        sorted[rounds / 2] / 1e6, mean, sorted[rounds - 1] / 1e6, bytes / rounds, bytes / (double) rounds / (2.0 * k));
                if (store.size() != all.size()) {
                    throw new IllegalStateException("store holds " + store.size() + ", expected " + all.size());
                }
            }
        }
    }

    private record Identity(long hi, long lo, int prefix, Remediation type) {
    }

    private static List<Decision> distinct(List<Decision> in, Set<Identity> seen, int limit) {
        List<Decision> out = new ArrayList<>(limit);
        for (Decision d : in) {
            if (out.size() < limit && seen.add(new Identity(d.keyHi(), d.keyLo(), d.prefixLength(), d.type()))) {
                out.add(d);
            }
        }
        return out;
    }
}
