package io.spoabouncer.domain.bench;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.store.DecisionStore;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The lookup benchmarks' store and probes: a synthetic mix of {@code decisions}, and 2^20 probes, half of
 * them held decisions (any scope), half random IPv4 addresses, so the answers do not stay in cache.
 */
@State(Scope.Benchmark)
public class LookupProbes {
    @Param({"10000", "100000", "1000000"})
    public int decisions;

    public static final int PROBES = 1 << 20;

    public DecisionStore store;
    public long[] his;
    public long[] los;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        List<Decision> all = SyntheticDecisions.generate(decisions, 42);
        store = new DecisionStore();
        store.replace("bench", all);
        long[][] probes = SyntheticDecisions.probes(all, PROBES, 7);
        his = probes[0];
        los = probes[1];
    }

    /** The next probe's index. */
    public int next() {
        return next++ & (PROBES - 1);
    }
}
