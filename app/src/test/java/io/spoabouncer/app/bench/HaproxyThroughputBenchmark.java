package io.spoabouncer.app.bench;

import io.spoabouncer.app.testing.Examples;
import io.spoabouncer.app.testing.Haproxy;
import io.spoabouncer.app.testing.Ports;
import io.spoabouncer.app.testing.RunningAgent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code scripts/bench.sh haproxy [seconds]}: wrk (2 threads, 64 keep-alive connections) against Debian's
 * HAProxy 2.6 three ways, with 100k and 1M ban decisions held: bare (no CrowdSec at all), the SPOE example
 * (haproxy.cfg: every request asks the agent), the native example (haproxy-native.cfg: HAProxy looks the
 * client up in the map the agent keeps). The backend is a static HAProxy listener; the client is allowed,
 * so each request goes the full way. The three HAProxies (and the one agent serving two of them) run side
 * by side and the wrk runs are interleaved, so drift on the machine hits all three alike.
 */
public final class HaproxyThroughputBenchmark {
    private HaproxyThroughputBenchmark() {
    }

    record Result(double requestsPerSecond, double p99Millis) {
    }

    static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    static final Pattern P99 = Pattern.compile("99%\\s+([\\d.]+)(us|ms|s)");

    static Result wrk(int port, int seconds) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t2", "-c64", "-d" + seconds + "s", "--latency", "http://127.0.0.1:" + port + "/")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        if (out.contains("Non-2xx")) {
            throw new IllegalStateException("requests were not all answered 200: " + out);
        }
        Matcher rps = RPS.matcher(out);
        Matcher p99 = P99.matcher(out);
        if (!rps.find() || !p99.find()) {
            throw new IllegalStateException("cannot read wrk's output: " + out);
        }
        double v = Double.parseDouble(p99.group(1));
        double ms = switch (p99.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
        return new Result(Double.parseDouble(rps.group(1)), ms);
    }

    /** The static backend every variant forwards to. */
    static String withBackend(String cfg, int frontend, int backend, int agent) {
        return Examples.haproxyConfigText(cfg, frontend, backend, agent).replaceFirst("(?m)^\\s*log stdout.*$", "")
                + "\nlisten static\n    bind 127.0.0.1:" + backend + "\n    http-request return status 200 content-type text/plain string ok\n";
    }

    /** The native example without any CrowdSec rule: what HAProxy does alone. */
    static String bare(String nativeCfg) {
        return nativeCfg.lines().filter(l -> !l.strip().matches("(filter|http-request|http-after-response|acl|unique-id)\\b.*"))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    static Map<String, String> files() throws Exception {
        return Examples.haproxyFiles();
    }

    static void awaitAgentUp(Haproxy haproxy) throws Exception {
        for (int i = 0; i < 600 && !"UP".equals(haproxy.stat("crowdsec-spoa", "agent1", "status")); i++) {
            Thread.sleep(100); // HAProxy's health check runs every 2 s
        }
    }

    static Result median(List<Result> runs) {
        double[] rps = runs.stream().mapToDouble(Result::requestsPerSecond).sorted().toArray();
        double[] p99 = runs.stream().mapToDouble(Result::p99Millis).sorted().toArray();
        return new Result(rps[rps.length / 2], p99[p99.length / 2]);
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("haproxy-bench");
        String nativeCfg = Examples.read("haproxy/haproxy-native.cfg");
        String spoeCfg = Examples.read("haproxy/haproxy.cfg");
        System.out.printf("wrk -t2 -c64 -d%ds, %d rounds interleaved (medians), Debian HAProxy 2.6, %d cores%n", seconds, rounds,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%-10s %-8s %12s %8s %10s %8s%n", "decisions", "config", "req/s", "x bare", "p99 ms", "x bare");
        for (int n : new int[] {100_000, 1_000_000}) {
            Path list = MapSyncBenchmark.writeDecisions(dir.resolve("ban-" + n + ".txt"), n);
            int agentPort = Ports.free();
            int[] frontends = {Ports.free(), Ports.free(), Ports.free()};
            String[] names = {"bare", "spoe", "native"};
            String[] configs = {bare(nativeCfg), spoeCfg, nativeCfg};
            List<Haproxy> haproxies = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    haproxies.add(Haproxy.start(withBackend(configs[i], frontends[i], Ports.free(), agentPort), files(), frontends[i]));
                }
                Haproxy nativeHaproxy = haproxies.get(2);
                Path map = nativeHaproxy.dir().resolve("crowdsec-decisions.map");
                try (RunningAgent agent = new RunningAgent("spoe.listen-tcp = \"127.0.0.1:" + agentPort + "\"\n"
                        + "plugins.directory = \"" + dir.resolve("none") + "\"\n"
                        + "decisions.file.files = [{path = \"" + list + "\", type = ban}]\n"
                        + "haproxy-maps { enabled = true, map-file = \"" + map + "\", runtime-api = [\"unix:" + nativeHaproxy.statsSocket() + "\"] }\n")) {
                    Pattern synced = Pattern.compile("curr_ver=([1-9]\\d*)");
                    for (int i = 0; i < 1200 && !synced.matcher(nativeHaproxy.command("show map")).find(); i++) {
                        Thread.sleep(50); // until the first full sync is committed
                    }
                    awaitAgentUp(haproxies.get(1));
                    awaitAgentUp(nativeHaproxy);
                    List<List<Result>> runs = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                    for (int i = 0; i < 3; i++) {
                        wrk(frontends[i], 2); // warm-up: JIT, connections, HAProxy's pools
                    }
                    for (int r = 0; r < rounds; r++) {
                        for (int i = 0; i < 3; i++) {
                            runs.get(i).add(wrk(frontends[i], seconds));
                        }
                    }
                    Result bare = median(runs.get(0));
                    for (int i = 0; i < 3; i++) {
                        print(n, names[i], median(runs.get(i)), bare);
                    }
                }
            } finally {
                for (Haproxy h : haproxies) {
                    h.close();
                }
            }
        }
    }

    static void print(int n, String config, Result r, Result bare) {
        System.out.printf("%-10d %-8s %12.0f %8.2f %10.2f %8.2f%n", n, config, r.requestsPerSecond(), r.requestsPerSecond() / bare.requestsPerSecond(),
                r.p99Millis(), r.p99Millis() / bare.p99Millis());
    }
}
