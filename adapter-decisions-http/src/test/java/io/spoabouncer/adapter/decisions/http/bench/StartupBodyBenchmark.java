package io.spoabouncer.adapter.decisions.http.bench;

import io.spoabouncer.adapter.decisions.http.StreamParserAccess;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.store.DecisionStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Parses and applies a generated LAPI startup body (1.4.6 shape, ~150 B per decision, 95% IPv4, 3% IPv6,
 * 2% ranges) of N decisions: time to parse, time to apply, and the heap's peak while doing it.
 * Run by scripts/bench.sh lapi.
 */
public final class StartupBodyBenchmark {
    private StartupBodyBenchmark() {
    }

    public static byte[] body(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(n * 160);
        try {
            writeBody(n, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The body, written as it is generated (a 5M-decision body does not fit a small heap). */
    public static void writeBody(int n, OutputStream out) throws IOException {
        SplittableRandom r = new SplittableRandom(11);
        StringBuilder sb = new StringBuilder(4096);
        sb.append("{\"deleted\":null,\"new\":[");
        for (int i = 0; i < n; i++) {
            if (sb.length() > 3800) {
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                sb.setLength(0);
            }
            if (i > 0) {
                sb.append(',');
            }
            int k = r.nextInt(100);
            String scope = k < 98 ? "Ip" : "Range";
            String value;
            if (k < 95) {
                value = (r.nextInt(223) + 1) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
            } else if (k < 98) {
                value = "2001:db8:" + Integer.toHexString(r.nextInt(65536)) + "::" + Integer.toHexString(r.nextInt(65536));
            } else {
                value = (r.nextInt(223) + 1) + "." + r.nextInt(256) + ".0.0/" + (16 + r.nextInt(9));
            }
            sb.append("{\"duration\":\"").append(r.nextInt(168)).append("h").append(r.nextInt(60)).append("m")
                    .append(r.nextInt(60)).append(".").append(100000000 + r.nextInt(899999999)).append("s\",\"id\":").append(i + 1)
                    .append(",\"origin\":\"CAPI\",\"scenario\":\"crowdsecurity/ssh-bf\",\"scope\":\"").append(scope)
                    .append("\",\"type\":\"ban\",\"value\":\"").append(value).append("\"}");
        }
        sb.append("]}");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        byte[] json = body(n);
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(200);
            resetPeaks();
            long base = usedHeap();
            long t0 = System.nanoTime();
            var batch = StreamParserAccess.parse(new DecisionFactory(), new ByteArrayInputStream(json), System.currentTimeMillis());
            long t1 = System.nanoTime();
            DecisionStore store = new DecisionStore();
            store.replace("http", StreamParserAccess.added(batch));
            long t2 = System.nanoTime();
            System.out.printf("round %d: %,d decisions, body %,d bytes: parse %d ms, apply %d ms, total %d ms; heap peak above baseline %,d MB%n",
                    round, store.size(), json.length, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t2 - t0) / 1_000_000,
                    (peakHeap() - base) / (1024 * 1024));
        }
    }

    /** Heap in use after full collections: what is live. */
    public static long settledHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return usedHeap();
    }

    static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    public static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    public static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
