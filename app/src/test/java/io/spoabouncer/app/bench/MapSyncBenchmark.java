package io.spoabouncer.app.bench;

import io.spoabouncer.app.testing.Examples;
import io.spoabouncer.app.testing.Haproxy;
import io.spoabouncer.app.testing.Ports;
import io.spoabouncer.app.testing.RunningAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code scripts/bench.sh maps [decisions]}: N decisions (95% IPv4 addresses, 5% /24 ranges) from a file
 * source, pushed into Debian's HAProxy 2.6 through the Runtime API by adapter-haproxy-maps: the time from
 * the agent's start until HAProxy holds them all, and HAProxy's memory before and after.
 */
public final class MapSyncBenchmark {
    private MapSyncBenchmark() {
    }

    static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** N ban lines, 95% IPv4 addresses and 5% /24 ranges, random (seeded) and never loopback. */
    static Path writeDecisions(Path list, int n) throws java.io.IOException {
        Random r = new Random(42);
        StringBuilder b = new StringBuilder(n * 16);
        for (int i = 0; i < n; i++) {
            int a = r.nextInt();
            int first = (a >>> 24) & 0xff;
            if (first == 127) {
                first = 128;
            }
            b.append(first).append('.').append((a >>> 16) & 0xff).append('.').append((a >>> 8) & 0xff);
            b.append(i % 20 == 0 ? ".0/24" : "." + (a & 0xff)).append('\n');
        }
        return Files.writeString(list, b);
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("map-bench");
        Path list = writeDecisions(dir.resolve("ban.txt"), n);
        int frontend = Ports.free();
        int agentPort = Ports.free();
        String cfg = Examples.haproxyConfig("haproxy-native.cfg", frontend, Ports.free(), agentPort);
        Map<String, String> files = Examples.haproxyFiles();
        try (Haproxy haproxy = Haproxy.start(cfg, files, frontend)) {
            Path map = haproxy.dir().resolve("crowdsec-decisions.map");
            long before = rssKb(haproxy.pid());
            long t0 = System.nanoTime();
            try (RunningAgent agent = new RunningAgent("spoe.listen-tcp = \"127.0.0.1:" + agentPort + "\"\nplugins.directory = \"" + dir.resolve("none") + "\"\n"
                    + "decisions.file.files = [{path = \"" + list + "\", type = ban}]\n"
                    + "haproxy-maps { enabled = true, map-file = \"" + map + "\", runtime-api = [\"unix:" + haproxy.statsSocket() + "\"] }\n")) {
                long loaded = System.nanoTime();
                int held = agent.agent.store().size();
                // The file HAProxy loaded at start is version 0; the agent's first full sync commits version 1.
                Pattern version = Pattern.compile("curr_ver=(\\d+).*entry_cnt=(\\d+)");
                long entries = 0;
                long current = 0;
                while (current < 1) {
                    Thread.sleep(50); // polling HAProxy's own state; the benchmark reports the time it took
                    Matcher m = version.matcher(haproxy.command("show map"));
                    if (m.find()) {
                        current = Long.parseLong(m.group(1));
                        entries = Long.parseLong(m.group(2));
                    }
                }
                long synced = System.nanoTime();
                long after = rssKb(haproxy.pid());
                System.out.printf("decisions: %d held (%d lines, duplicates merged)%n", held, n);
                System.out.printf("agent start (file read + store): %.2f s%n", (loaded - t0) / 1e9);
                System.out.printf("map in HAProxy (%d entries): %.2f s after the agent started%n", entries, (synced - loaded) / 1e9);
                System.out.printf("HAProxy RSS: %d MB before, %d MB after (%.0f B per entry)%n", before / 1024, after / 1024,
                        (after - before) * 1024.0 / Math.max(1, entries));
                System.out.printf("map file on disk: %d MB%n", Files.size(map) >> 20);
            }
        }
    }
}
