package io.spoabouncer.domain.store;

import io.spoabouncer.domain.bench.LookupProbes;
import io.spoabouncer.domain.decision.DecisionTag;
import io.spoabouncer.domain.ip.IpAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code DecisionStoreBenchmark}'s lookup cut into growing prefixes, on the same store and probes ({@link LookupProbes}), so the
 * cost of each stage is read in the harness the target is measured in: the loop alone, one unconditional
 * read of the address table (the least a lookup can do), the table probe, {@link Snapshot#find}, and the
 * public lookup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class LookupStagesBenchmark {
    /** The loop and the probe arrays, no table. */
    @Benchmark
    public long harness(LookupProbes p) {
        int i = p.next();
        return p.his[i] ^ p.los[i];
    }

    /** One read of the IPv4 table at the address's home slot, whatever the address: no branch on it. */
    @Benchmark
    public long tableRead(LookupProbes p) {
        int i = p.next();
        long[] t = p.store.currentSnapshot().v4;
        return t[V4Table.home((int) p.los[i], t.length)];
    }

    /** The address table probe: the chain head, no record read. */
    @Benchmark
    public int probe(LookupProbes p) {
        int i = p.next();
        long hi = p.his[i];
        long lo = p.los[i];
        Snapshot s = p.store.currentSnapshot();
        return IpAddress.isV4(hi, lo) ? V4Table.find(s.v4, (int) lo) : KeyTable.find(s.v6, hi, lo);
    }

    /** The probe, the chain's records, the ranges. */
    @Benchmark
    public int find(LookupProbes p) {
        int i = p.next();
        return p.store.currentSnapshot().find(p.his[i], p.los[i], 0, -1, 0);
    }

    /** The public lookup: the clock, the snapshot check, the tag. */
    @Benchmark
    public DecisionTag lookup(LookupProbes p) {
        int i = p.next();
        return p.store.lookup(p.his[i], p.los[i], 0, -1);
    }
}
