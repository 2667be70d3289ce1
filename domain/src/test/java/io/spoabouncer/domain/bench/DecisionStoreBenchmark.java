package io.spoabouncer.domain.bench;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionTag;
import io.spoabouncer.domain.store.DecisionStore;
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
 * Lookup cost (ns/op, and B/op with -prof gc) at 10k, 100k and 1M decisions: half the probes hit a held
 * address, half miss (a miss probes every non-empty prefix length, the worst case).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class DecisionStoreBenchmark {
    @Param({"10000", "100000", "1000000"})
    int decisions;

    /** A million probes: the benchmark does not get to keep its answers in cache. */
    static final int PROBES = 1 << 20;

    DecisionStore store;
    long[] his;
    long[] los;
    int next;

    @Setup(Level.Trial)
    public void load() {
        List<Decision> all = SyntheticDecisions.generate(decisions, 42);
        store = new DecisionStore();
        store.replace("bench", all);
        SplittableRandom r = new SplittableRandom(7);
        his = new long[PROBES];
        los = new long[PROBES];
        for (int i = 0; i < his.length; i++) {
            if (i % 2 == 0) {
                Decision d = all.get(r.nextInt(all.size()));
                his[i] = d.keyHi();
                los[i] = d.keyLo();
            } else {
                his[i] = 0;
                los[i] = io.spoabouncer.domain.ip.IpAddress.v4MappedLow(r.nextInt());
            }
        }
    }

    @Benchmark
    public DecisionTag lookup() {
        int i = next++ & (PROBES - 1);
        return store.lookup(his[i], los[i], 0, -1);
    }
}
