package io.spoabouncer.domain.bench;

import io.spoabouncer.domain.decision.DecisionTag;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lookup cost (ns/op, and B/op with -prof gc) at 10k, 100k and 1M decisions: half the probes hit a held
 * address, half miss (a miss probes every non-empty prefix length, the worst case); see {@link LookupProbes}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class DecisionStoreBenchmark {
    @Benchmark
    public DecisionTag lookup(LookupProbes p) {
        int i = p.next();
        return p.store.lookup(p.his[i], p.los[i], 0, -1);
    }
}
