package io.spoabouncer.adapter.decisions.http;

import com.sun.net.httpserver.HttpServer;
import io.spoabouncer.adapter.decisions.http.bench.StartupBodyBenchmark;
import io.spoabouncer.core.decisions.StoreSink;
import io.spoabouncer.core.usage.UsageTally;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.NoopAgentMetrics;
import io.spoabouncer.settings.hocon.HoconSettings;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A LAPI startup answer of N decisions from a real HTTP server on loopback (the body streamed from a file
 * under target/, so it is not on the heap), pulled by the real source (JDK HTTP client, streaming parser,
 * the store's streamed replacement): time from the pull to the store holding them, the heap's peak above the
 * baseline, and the heap the store keeps. Run by {@code scripts/bench.sh lapi-http [decisions] [heap]}.
 */
public final class LapiStartupBenchmark {
    private LapiStartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path body = Path.of("target", "bench", "lapi-startup-" + n + ".json");
        if (!Files.exists(body)) {
            Files.createDirectories(body.getParent());
            Path tmp = body.resolveSibling(body.getFileName() + ".tmp");
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                StartupBodyBenchmark.writeBody(n, out);
            }
            Files.move(tmp, body, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        long length = Files.size(body);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/v1/decisions/stream", exchange -> {
            boolean startup = exchange.getRequestURI().getRawQuery().contains("startup=true");
            if (startup) {
                exchange.sendResponseHeaders(200, length);
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(body, out);
                }
            } else {
                byte[] empty = "{\"new\":null,\"deleted\":null}".getBytes();
                exchange.sendResponseHeaders(200, empty.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(empty);
                }
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        System.out.printf("body: %,d decisions, %,d bytes, served from %s; -Xmx%dm%n", n, length, body, Runtime.getRuntime().maxMemory() >> 20);
        for (int round = 0; round < rounds; round++) {
            long base = StartupBodyBenchmark.settledHeap();
            StartupBodyBenchmark.resetPeaks();
            DecisionStore store = new DecisionStore();
            StoreSink sink = new StoreSink(store, "http", NoopAgentMetrics::new);
            LapiSettings settings = LapiSettings.from(HoconSettings.of("decisions.http",
                    "api-url = \"" + url + "\"\napi-key = k\nupdate-frequency = 1h\nmax-decisions = 10000000\nsnapshot.path = \"\"\n"));
            HttpDecisionSource source = new HttpDecisionSource("http", settings, sink, new DecisionFactory(), new UsageTally(),
                    System::currentTimeMillis);
            java.util.Map<String, Long> cpu0 = ThreadCpu.byThread();
            long t0 = System.nanoTime();
            source.start();
            while (!source.isLoaded()) {
                Thread.sleep(2);
            }
            long t1 = System.nanoTime();
            String cpu = ThreadCpu.busiest(cpu0, ThreadCpu.byThread(), 6);
            long peak = StartupBodyBenchmark.peakHeap() - base;
            source.stop();
            long held = StartupBodyBenchmark.settledHeap() - base;
            // The pools' peaks count garbage not yet collected; what was live at most is bounded by the
            // -Xmx the run fitted in (with -XX:+ExitOnOutOfMemoryError, a run that did not fit ends here).
            long max = Runtime.getRuntime().maxMemory();
            System.out.printf("round %d: %,d decisions in the store %d ms after the pull started; the store keeps %,d MB"
                            + " (%.1f B/decision); ran in -Xmx%dm = %.2f x the store (heap pools' peaks, garbage included: %,d MB)%n",
                    round, store.size(), (t1 - t0) / 1_000_000, held >> 20, held / (double) store.size(), max >> 20,
                    max / (double) held, peak >> 20);
            System.out.println("  CPU ms by thread during the pull: " + cpu);
            if (store.size() < n * 0.99) {
                throw new IllegalStateException("only " + store.size() + " decisions loaded");
            }
        }
        server.stop(0);
    }
}
