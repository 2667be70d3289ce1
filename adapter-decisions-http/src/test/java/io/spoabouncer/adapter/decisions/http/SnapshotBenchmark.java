package io.spoabouncer.adapter.decisions.http;

import io.spoabouncer.adapter.decisions.http.bench.StartupBodyBenchmark;
import io.spoabouncer.core.decisions.StoreSink;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.DecisionSink;
import io.spoabouncer.ports.out.NoopAgentMetrics;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The decision snapshot at N decisions: time to write it (straight from the store) and its size, time to
 * load it (streamed into the store), and what a delta and a lookup cost while it is being written (a thread
 * applying 1k-out/1k-in deltas back to back, another looking up). Run by {@code scripts/bench.sh snapshot [n]}.
 */
public final class SnapshotBenchmark {
    private SnapshotBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        DecisionFactory factory = new DecisionFactory();
        List<Decision> all = StreamParserAccess.added(StreamParserAccess.parse(factory,
                new ByteArrayInputStream(StartupBodyBenchmark.body(n)), System.currentTimeMillis()));
        DecisionStore store = new DecisionStore();
        DecisionSink sink = new StoreSink(store, "http", NoopAgentMetrics::new);
        sink.replace(all);
        Path file = Path.of("target", "bench", "snapshot-" + n + ".json");
        Files.createDirectories(file.getParent());
        DecisionSnapshot snapshot = new DecisionSnapshot(file);
        snapshot.write(sink::forEachCurrent, System.currentTimeMillis()); // warm-up
        Load quiet = Load.during(store, all, () -> sleep(3000));
        Load writing = Load.during(store, all, () -> {
            long t0 = System.nanoTime();
            try {
                snapshot.write(sink::forEachCurrent, System.currentTimeMillis());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            System.out.printf("write: %,d decisions in %d ms, %,d bytes (%.0f B/decision)%n", store.size(),
                    (System.nanoTime() - t0) / 1_000_000, size(file), size(file) / (double) store.size());
        });
        System.out.println("without a write: " + quiet);
        System.out.println("during the write: " + writing);
        for (int round = 0; round < 3; round++) {
            DecisionStore fresh = new DecisionStore();
            DecisionSink freshSink = new StoreSink(fresh, "http", NoopAgentMetrics::new);
            long t0 = System.nanoTime();
            int loaded;
            try (DecisionSink.Replacement r = freshSink.startReplace(0)) {
                loaded = snapshot.read(factory, "http", System.currentTimeMillis(), r::add);
                r.commit();
            }
            System.out.printf("load %d: %,d decisions in %d ms%n", round, loaded, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deltas and lookups run while {@code work} does. */
    record Load(int deltas, double maxDeltaMs, double meanDeltaMs, long lookups, double seconds) {
        static Load during(DecisionStore store, List<Decision> all, Runnable work) throws InterruptedException {
            AtomicBoolean stop = new AtomicBoolean();
            List<Long> deltaNanos = new ArrayList<>();
            AtomicLong lookups = new AtomicLong();
            Thread deltas = new Thread(() -> {
                int at = 0;
                while (!stop.get()) {
                    List<Decision> out = all.subList(at, at + 1000);
                    long t0 = System.nanoTime();
                    store.apply("http", List.of(), out);
                    store.apply("http", out, List.of());
                    deltaNanos.add((System.nanoTime() - t0) / 2);
                    at = (at + 1000) % (all.size() - 1000);
                    sleep(10);
                }
            });
            Thread looking = new Thread(() -> {
                long i = 0;
                while (!stop.get()) {
                    Decision d = all.get((int) (i++ * 7919 % all.size()));
                    store.lookup(d.keyHi(), d.keyLo(), 0, -1);
                    lookups.incrementAndGet();
                }
            });
            long t0 = System.nanoTime();
            deltas.setDaemon(true); // a failing run ends instead of looping on
            looking.setDaemon(true);
            deltas.start();
            looking.start();
            work.run();
            stop.set(true);
            deltas.join();
            looking.join();
            double s = (System.nanoTime() - t0) / 1e9;
            double max = deltaNanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
            double mean = deltaNanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
            return new Load(deltaNanos.size(), max, mean, lookups.get(), s);
        }

        @Override
        public String toString() {
            return String.format("%d deltas of 1k (max %.1f ms, mean %.2f ms), %,.0f lookups/s over %.1f s",
                    deltas, maxDeltaMs, meanDeltaMs, lookups / seconds, seconds);
        }
    }
}
