package io.spoabouncer.domain.store;

import io.spoabouncer.domain.bench.SyntheticDecisions;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionTag;
import io.spoabouncer.domain.ip.IpAddress;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code DecisionStoreBenchmark}'s lookup cut into growing prefixes, on the same store and probes, so the
 * cost of each stage is read in the harness the target is measured in: the loop alone, one unconditional
 * read of the address table (the least a lookup can do), the table probe, {@link Snapshot#find}, and the
 * public lookup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class LookupStagesBenchmark {
    @Param({"1000000"})
    int decisions;

    static final int PROBES = 1 << 20;

    DecisionStore store;
    Snapshot snapshot;
    long[] his;
    long[] los;
    int next;

    /** The probes of {@code DecisionStoreBenchmark}: half held decisions (any scope), half random IPv4. */
    @Setup(Level.Trial)
    public void load() {
        List<Decision> all = SyntheticDecisions.generate(decisions, 42);
        store = new DecisionStore();
        store.replace("bench", all);
        snapshot = store.currentSnapshot();
        SplittableRandom r = new SplittableRandom(7);
        his = new long[PROBES];
        los = new long[PROBES];
        for (int i = 0; i < PROBES; i++) {
            if (i % 2 == 0) {
                Decision d = all.get(r.nextInt(all.size()));
                his[i] = d.keyHi();
                los[i] = d.keyLo();
            } else {
                los[i] = IpAddress.v4MappedLow(r.nextInt());
            }
        }
    }

    /** The loop and the probe arrays, no table. */
    @Benchmark
    public long harness() {
        int i = next++ & (PROBES - 1);
        return his[i] ^ los[i];
    }

    /** One read of the IPv4 table at the address's home slot, whatever the address: no branch on it. */
    @Benchmark
    public long tableRead() {
        int i = next++ & (PROBES - 1);
        long[] t = snapshot.v4;
        return t[V4Table.home((int) los[i], t.length)];
    }

    /** The address table probe: the chain head, no record read. */
    @Benchmark
    public int probe() {
        int i = next++ & (PROBES - 1);
        long hi = his[i];
        long lo = los[i];
        Snapshot s = snapshot;
        return IpAddress.isV4(hi, lo) ? V4Table.find(s.v4, (int) lo) : KeyTable.find(s.v6, hi, lo);
    }

    /** The probe, the chain's records, the ranges. */
    @Benchmark
    public int find() {
        int i = next++ & (PROBES - 1);
        return snapshot.find(his[i], los[i], 0, -1, 0);
    }

    /** The public lookup: the clock, the snapshot check, the tag. */
    @Benchmark
    public DecisionTag lookup() {
        int i = next++ & (PROBES - 1);
        return store.lookup(his[i], los[i], 0, -1);
    }
}
