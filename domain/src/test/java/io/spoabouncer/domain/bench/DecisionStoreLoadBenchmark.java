package io.spoabouncer.domain.bench;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.store.DecisionStore;
import java.util.List;
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
 * Time to publish a source's whole set (a startup load), and a 15k-in/15k-out delta on a full store
 * (the CAPI refresh every 2 h), from already-parsed decisions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class DecisionStoreLoadBenchmark {
    @Param({"10000", "100000", "1000000"})
    int decisions;

    List<Decision> all;
    List<Decision> delta;
    DecisionStore store;

    @Setup(Level.Trial)
    public void generate() {
        all = SyntheticDecisions.generate(decisions, 42);
        delta = SyntheticDecisions.generate(15_000, 99);
    }

    @Setup(Level.Invocation)
    public void fresh() {
        store = new DecisionStore();
    }

    @Benchmark
    public DecisionStore startupLoad() {
        store.replace("bench", all);
        return store;
    }

    @Benchmark
    public DecisionStore deltaOnFullStore() {
        store.replace("bench", all);
        store.apply("bench", delta, all.subList(0, Math.min(15_000, all.size())));
        return store;
    }
}
