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
 * {@code scripts/bench.sh haproxy [seconds] [rounds]}: wrk (2 threads, 64 keep-alive connections) against
 * Debian's HAProxy 2.6 four ways, with 100k and 1M ban decisions held: bare (no CrowdSec at all), the SPOE
 * example as it was before the map fallback (issue #27) and as shipped now (haproxy.cfg: every request asks
 * the agent), the native example (haproxy-native.cfg: HAProxy looks the client up in the map the agent keeps
 * and checks captcha cookies itself). Every request reaches the backend (a static HAProxy listener): nine in
 * ten come from allowed clients, one in ten from a captcha client with a valid cookie. The HAProxies (and
 * the one agent serving them) run side by side and the wrk runs are interleaved, so drift on the machine
 * hits all alike.
 */
public final class HaproxyThroughputBenchmark {
    private HaproxyThroughputBenchmark() {
    }

    record Result(double requestsPerSecond, double p99Millis) {
    }

    static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    static final Pattern P99 = Pattern.compile("99%\\s+([\\d.]+)(us|ms|s)");

    static Result wrk(int port, int seconds, Path script) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t2", "-c64", "-d" + seconds + "s", "--latency", "-s", script.toString(), "http://127.0.0.1:" + port + "/")
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

    /**
     * The client mix every variant gets: nine requests in ten from allowed clients (spread over 10.98/16),
     * one in ten from a client with a captcha decision who holds a valid passed cookie. HAProxy takes the
     * client address from X-Bench-Src (the one line the benchmark adds to each config), since wrk connects
     * from 127.0.0.1 only.
     */
    static Path mixScript(Path dir, String cookie) throws Exception {
        return Files.writeString(dir.resolve("mix.lua"), String.join("\n",
                "local n = 0",
                "request = function()",
                "  n = n + 1",
                "  if n % 10 == 0 then",
                "    return wrk.format(\"GET\", \"/\", {[\"X-Bench-Src\"] = \"" + CAPTCHA_CLIENT + "\", [\"Cookie\"] = \"crowdsec_captcha_cookie=" + cookie + "\"})",
                "  end",
                "  return wrk.format(\"GET\", \"/\", {[\"X-Bench-Src\"] = \"10.98.\" .. (n % 250) .. \".\" .. (n % 200 + 1)})",
                "end", ""));
    }

    static final String CAPTCHA_CLIENT = "10.99.0.1";
    static final String SIGNING_KEY = "bench-signing-key-bench-signing-key";

    /** The benchmark's one addition to each config: the client address from X-Bench-Src (see {@link #mixScript}). */
    static String clientFromHeader(String cfg, int frontend) {
        return cfg.replace("    bind 127.0.0.1:" + frontend + "\n", "    bind 127.0.0.1:" + frontend + "\n    http-request set-src req.hdr(X-Bench-Src)\n");
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        // The SPOE config as it was before it fell back on the map (issue #27), extracted by scripts/bench.sh.
        String before = Files.readString(Path.of(System.getProperty("spoa.previousSpoeConfig")));
        Path dir = Files.createTempDirectory("haproxy-bench");
        String nativeCfg = Examples.read("haproxy/haproxy-native.cfg");
        String spoeCfg = Examples.read("haproxy/haproxy.cfg");
        long now = System.currentTimeMillis() / 1000;
        String cookie = new io.spoabouncer.domain.http.CaptchaToken("bench", io.spoabouncer.domain.http.CaptchaToken.VALID, now, now + 86400,
                "127.0.0.1", null).sign(SIGNING_KEY.getBytes(StandardCharsets.UTF_8));
        Path mix = mixScript(dir, cookie);
        Path captcha = Files.writeString(dir.resolve("captcha.txt"), CAPTCHA_CLIENT + "\n");
        String[] names = {"bare", "spoe, before #27", "spoe, fail-safe", "native"};
        String[] configs = {bare(nativeCfg), before, spoeCfg, nativeCfg};
        System.out.printf("wrk -t2 -c64 -d%ds, %d rounds interleaved (medians; x bare: median of the rounds' ratios), Debian HAProxy 2.6, %d cores;"
                + " 1 request in 10 from a captcha client with a valid cookie%n", seconds, rounds, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-10s %-18s %12s %8s %10s %8s%n", "decisions", "config", "req/s", "x bare", "p99 ms", "x bare");
        for (int n : new int[] {100_000, 1_000_000}) {
            Path list = MapSyncBenchmark.writeDecisions(dir.resolve("ban-" + n + ".txt"), n);
            int agentPort = Ports.free();
            int[] frontends = new int[configs.length];
            List<Haproxy> haproxies = new ArrayList<>();
            try {
                for (int i = 0; i < configs.length; i++) {
                    frontends[i] = Ports.free();
                    haproxies.add(Haproxy.start(clientFromHeader(withBackend(configs[i], frontends[i], Ports.free(), agentPort), frontends[i]), Examples.haproxyFiles(),
                            frontends[i]));
                }
                Haproxy nativeHaproxy = haproxies.get(3);
                Path map = nativeHaproxy.dir().resolve("crowdsec-decisions.map");
                Path keys = nativeHaproxy.dir().resolve("crowdsec-captcha-keys.map");
                try (RunningAgent agent = new RunningAgent("spoe.listen-tcp = \"127.0.0.1:" + agentPort + "\"\n"
                        + "plugins.directory = \"" + dir.resolve("none") + "\"\n"
                        + "decisions.file.files = [{path = \"" + list + "\", type = ban}, {path = \"" + captcha + "\", type = captcha}]\n"
                        + "http.hosts = [{host = \"*\", captcha {provider = pow, signing-key = \"" + SIGNING_KEY + "\"}}]\n"
                        + "haproxy-maps { enabled = true, map-file = \"" + map + "\", captcha-keys-file = \"" + keys + "\", runtime-api = [\"unix:"
                        + nativeHaproxy.statsSocket() + "\"] }\n")) {
                    Pattern synced = Pattern.compile("curr_ver=([1-9]\\d*)");
                    for (int i = 0; i < 1200 && !(synced.matcher(nativeHaproxy.command("show map " + map)).find()
                            && nativeHaproxy.command("show map " + map).contains(CAPTCHA_CLIENT)); i++) {
                        Thread.sleep(50); // until the first full sync is committed
                    }
                    for (int i = 1; i < haproxies.size(); i++) {
                        awaitAgentUp(haproxies.get(i));
                    }
                    List<List<Result>> runs = new ArrayList<>();
                    for (int i = 0; i < configs.length; i++) {
                        runs.add(new ArrayList<>());
                        wrk(frontends[i], 2, mix); // warm-up: JIT, connections, HAProxy's pools
                    }
                    for (int r = 0; r < rounds; r++) {
                        for (int k = 0; k < configs.length; k++) {
                            int i = (k + r) % configs.length; // each round starts with another variant: no place is always first
                            runs.get(i).add(wrk(frontends[i], seconds, mix));
                        }
                    }
                    Result bare = median(runs.get(0));
                    for (int i = 0; i < configs.length; i++) {
                        print(n, names[i], median(runs.get(i)), bare, ratio(runs.get(i), runs.get(0)));
                    }
                    System.out.printf("%-10d fail-safe / before #27, req/s: median of the rounds' ratios %.3f, rounds %s%n", n,
                            ratio(runs.get(2), runs.get(1)), rounds(runs.get(2), runs.get(1)));
                    System.out.printf("%-10d native / bare, req/s: median of the rounds' ratios %.3f, rounds %s%n", n,
                            ratio(runs.get(3), runs.get(0)), rounds(runs.get(3), runs.get(0)));
                }
            } finally {
                for (Haproxy h : haproxies) {
                    h.close();
                }
            }
        }
    }

    /**
     * The median over the rounds of a's req/s over b's in the same round: the machine drifts between rounds
     * by more than the configs differ, and a ratio within one round cancels most of it.
     */
    static double ratio(List<Result> a, List<Result> b) {
        double[] r = new double[a.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.get(i).requestsPerSecond() / b.get(i).requestsPerSecond();
        }
        java.util.Arrays.sort(r);
        return r[r.length / 2];
    }

    static String rounds(List<Result> a, List<Result> b) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            out.append(i == 0 ? "" : " ").append(String.format("%.2f", a.get(i).requestsPerSecond() / b.get(i).requestsPerSecond()));
        }
        return out.toString();
    }

    static void print(int n, String config, Result r, Result bare, double ratioToBare) {
        System.out.printf("%-10d %-18s %12.0f %8.2f %10.2f %8.2f%n", n, config, r.requestsPerSecond(), ratioToBare,
                r.p99Millis(), r.p99Millis() / bare.p99Millis());
    }
}
