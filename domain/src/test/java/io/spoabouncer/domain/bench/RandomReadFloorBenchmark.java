package io.spoabouncer.domain.bench;

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
 * The machine's floor for {@link DecisionStoreBenchmark}: what one random read of a long[] costs in the
 * same JMH loop shape (a precomputed index per op), for arrays the size of the store's tables. A lookup
 * that reads one cache line of a table this big cannot be faster than this on the machine it ran on;
 * {@code chained} is two dependent reads (a slot, then the record it names), the shape of a hit today.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class RandomReadFloorBenchmark {
    @Param({"1", "16", "64"})
    int megabytes;

    static final int PROBES = 1 << 20;

    long[] table;
    int[] index;
    int next;

    @Setup(Level.Trial)
    public void fill() {
        SplittableRandom r = new SplittableRandom(7);
        table = new long[megabytes << 17];
        for (int i = 0; i < table.length; i++) {
            table[i] = r.nextInt(table.length);
        }
        index = new int[PROBES];
        for (int i = 0; i < PROBES; i++) {
            index[i] = r.nextInt(table.length);
        }
    }

    @Benchmark
    public long single() {
        return table[index[next++ & (PROBES - 1)]];
    }

    @Benchmark
    public long chained() {
        long[] t = table;
        return t[(int) t[index[next++ & (PROBES - 1)]]];
    }
}
