package io.spoabouncer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.app.testing.Examples;
import io.spoabouncer.app.testing.Haproxy;
import io.spoabouncer.app.testing.Lapi;
import io.spoabouncer.app.testing.Ports;
import io.spoabouncer.app.testing.RecordingBackend;
import io.spoabouncer.app.testing.SteadyLoad;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak (#28 point 3): the fat jar behind Debian's HAProxy on the shipped haproxy.cfg, fed by a real LAPI
 * (the stream) and a file, both changed every second, under steady traffic from banned (file and LAPI),
 * captcha and allowed clients, on new connections and on kept-alive ones. Every interval it records
 * requests, errors, the agent's heap after a full GC, RSS, open file descriptors and threads; it fails on
 * any error (a banned request served, an allowed one not, a captcha client without the captcha page, no
 * answer) and on growth past the bounds below, last interval against the first.
 * <p>
 * {@code -Dsoak.minutes=N} (default 1: the short variant the README's test command runs); scripts/soak.sh
 * runs it for 10. The table goes to target/soak.txt.
 */
class SoakIT {
    static final Map<String, List<String>> CLIENTS = Map.of(
            "ban", List.of("127.0.0.66"),
            "ban" + SteadyLoad.KEEPALIVE, List.of("127.0.0.67"),
            "ban-lapi", List.of("127.0.0.68"),
            "captcha", List.of("127.0.0.77"),
            "allow", List.of("127.0.0.10", "127.0.0.11"),
            "allow" + SteadyLoad.KEEPALIVE, List.of("127.0.0.12"));
    static final String SIGNING_KEY = "k".repeat(32);
    /** Growth allowed from the first interval to the last. */
    static final long HEAP_SLACK_MB = 16;
    static final double HEAP_SLACK = 0.25;
    static final long RSS_SLACK_MB = 64;
    static final double RSS_SLACK = 0.20;
    static final int FD_SLACK = 16;
    static final int THREAD_SLACK = 4;

    @TempDir
    Path tmp;

    record Reading(int interval, long requests, long errors, long heapAfterGcKb, long rssKb, int fds, int threads) {
    }

    @Test
    void soak() throws Exception {
        int minutes = Integer.getInteger("soak.minutes", 1);
        Duration interval = minutes == 1 ? Duration.ofSeconds(15) : Duration.ofMinutes(1);
        int intervals = (int) (Duration.ofMinutes(minutes).toMillis() / interval.toMillis());
        Path ban = Files.writeString(tmp.resolve("ban.txt"), "127.0.0.66\n127.0.0.67\n");
        Path captcha = Files.writeString(tmp.resolve("captcha.txt"), "127.0.0.77\n");
        Path churn = Files.writeString(tmp.resolve("churn.txt"), "");
        int agentPort = Ports.free();
        int frontend = Ports.free();
        Path log = tmp.resolve("agent.log");
        try (Lapi lapi = Lapi.start(tmp.resolve("lapi")); RecordingBackend backend = new RecordingBackend();
             Haproxy haproxy = Haproxy.start(Examples.haproxyConfig("haproxy.cfg", frontend, backend.port(), agentPort), Examples.haproxyFiles(), frontend)) {
            lapi.cscli("decisions", "add", "--ip", "127.0.0.68", "--duration", "4h", "--reason", "soak");
            Path map = haproxy.dir().resolve("crowdsec-decisions.map");
            Path conf = Files.writeString(tmp.resolve("agent.conf"), "spoe.listen-tcp = \"127.0.0.1:" + agentPort + "\"\n"
                    + "plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                    + "decisions.sources = [file, http]\n"
                    + "decisions.file.settle-time = 0s\n" // the churn file is replaced by a rename: never half-written
                    + "decisions.file.files = [{path = \"" + ban + "\", type = ban}, {path = \"" + captcha + "\", type = captcha},"
                    + " {path = \"" + churn + "\", type = ban}]\n"
                    + "decisions.http { api-url = \"" + lapi.url() + "\", api-key = \"" + Lapi.KEY + "\", update-frequency = 1s,"
                    + " snapshot.path = \"" + tmp.resolve("snap.json") + "\" }\n"
                    + "http.hosts = [{host = \"*\", captcha {provider = pow, signing-key = \"" + SIGNING_KEY + "\", pow.difficulty = 4}}]\n"
                    + "haproxy-maps { enabled = true, map-file = \"" + map + "\", runtime-api = [\"unix:" + haproxy.statsSocket() + "\"] }\n");
            List<String> cmd = new ArrayList<>(List.of("java"));
            cmd.addAll(FatJarIT.jvmOptions());
            cmd.addAll(List.of("-jar", FatJarIT.JAR.toString(), "--config", conf.toString()));
            Process agent = new ProcessBuilder(cmd).directory(FatJarIT.REPO.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            try {
                Awaitility.await("the agent is ready, with the LAPI ban in HAProxy's map").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            assertTrue(agent.isAlive(), () -> AgentFaultsIT.read(log));
                            return haproxy.command("show map " + map).contains("127.0.0.68 ban")
                                    && "UP".equals(haproxy.stat("crowdsec-spoa", "agent1", "status"));
                        });
                List<Reading> readings = new ArrayList<>();
                try (SteadyLoad load = new SteadyLoad(frontend, CLIENTS, Map.of(), "soak", Duration.ofMinutes(minutes + 5));
                     Churn changes = new Churn(lapi, churn)) {
                    long counted = 0;
                    long errorsSoFar = 0;
                    for (int i = 1; i <= intervals; i++) {
                        long end = System.nanoTime() + interval.toNanos();
                        long beat = System.nanoTime();
                        while (System.nanoTime() < end) {
                            assertTrue(agent.isAlive(), () -> AgentFaultsIT.read(log));
                            changes.step();
                            beat += 1_000_000_000L; // one step a second, however long the step took
                            long wait = Math.min(beat, end) - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000); // the churn's beat, not a wait before a check
                            }
                        }
                        List<SteadyLoad.Sample> all = load.samples();
                        long errors = all.stream().filter(SoakIT::wrong).count();
                        readings.add(read(agent.pid(), i, all.size() - counted, errors - errorsSoFar));
                        counted = all.size();
                        errorsSoFar = errors;
                        System.out.println(table(readings, interval));
                    }
                    load.close();
                    String report = table(readings, interval) + "\nchurn: " + changes.steps + " seconds, LAPI decisions added and deleted, the file rewritten\n";
                    Files.writeString(Path.of("target/soak.txt"), report);
                    List<String> wrong = load.samples().stream().filter(SoakIT::wrong).limit(20)
                            .map(s -> s.client() + ": " + s.status() + (s.failure() == null ? "" : " " + s.failure())).toList();
                    assertEquals(List.of(), wrong, "errors\n" + report);
                    List<String> through = backend.paths.stream().filter(p -> p.startsWith("/load/127.0.0.6") || p.startsWith("/load/127.0.0.77/")).limit(5).toList();
                    assertEquals(List.of(), through, "banned or captcha requests reached the backend\n" + report);
                    assertBounded(readings, report);
                    String last = changes.lastAdded;
                    Awaitility.await("the last LAPI decision reaches HAProxy's map").atMost(Duration.ofSeconds(30))
                            .until(() -> haproxy.command("show map " + map).contains(last + " ban"));
                }
            } finally {
                agent.destroy();
                agent.waitFor(30, TimeUnit.SECONDS);
                agent.destroyForcibly();
            }
        }
    }

    /** An answer outside what this client must get (the agent is healthy all along: no fail-safe answer is right). */
    static boolean wrong(SteadyLoad.Sample s) {
        String c = s.client().replace(SteadyLoad.KEEPALIVE, "");
        return switch (c) {
            case "ban", "ban-lapi" -> s.status() != 403;
            case "captcha" -> s.status() != 200 || s.fromBackend();
            default -> s.status() != 200 || !s.fromBackend();
        };
    }

    static void assertBounded(List<Reading> r, String report) {
        Reading first = r.get(0);
        Reading last = r.get(r.size() - 1);
        long heapBound = first.heapAfterGcKb + Math.max(HEAP_SLACK_MB * 1024, (long) (first.heapAfterGcKb * HEAP_SLACK));
        long rssBound = first.rssKb + Math.max(RSS_SLACK_MB * 1024, (long) (first.rssKb * RSS_SLACK));
        assertTrue(last.heapAfterGcKb <= heapBound, "heap after GC grew past " + heapBound / 1024 + " MB\n" + report);
        assertTrue(last.rssKb <= rssBound, "RSS grew past " + rssBound / 1024 + " MB\n" + report);
        assertTrue(last.fds <= first.fds + FD_SLACK, "open files grew past " + (first.fds + FD_SLACK) + "\n" + report);
        assertTrue(last.threads <= first.threads + THREAD_SLACK, "threads grew past " + (first.threads + THREAD_SLACK) + "\n" + report);
    }

    static Reading read(long pid, int interval, long requests, long errors) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, Long.toString(pid), "GC.run");
        String heap = run(jcmd, Long.toString(pid), "GC.heap_info");
        Matcher used = Pattern.compile("used (\\d+)K").matcher(heap);
        long heapKb = used.find() ? Long.parseLong(used.group(1)) : -1;
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        long rss = field(status, "VmRSS");
        int threads = (int) field(status, "Threads");
        int fds;
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds = (int) s.count();
        }
        return new Reading(interval, requests, errors, heapKb, rss, fds, threads);
    }

    static long field(String status, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":\\s+(\\d+)").matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
        return out;
    }

    static String table(List<Reading> readings, Duration interval) {
        StringBuilder b = new StringBuilder(String.format("%-10s %10s %8s %8s %18s %9s %6s %8s%n",
                "interval", "requests", "req/s", "errors", "heap after GC MB", "RSS MB", "fds", "threads"));
        for (Reading r : readings) {
            b.append(String.format("%-10s %10d %8d %8d %18.1f %9.1f %6d %8d%n", r.interval + " (" + interval.toSeconds() + "s)", r.requests,
                    r.requests / interval.toSeconds(), r.errors, r.heapAfterGcKb / 1024.0, r.rssKb / 1024.0, r.fds, r.threads));
        }
        return b.toString();
    }

    /** Every second: one LAPI decision added and one gone (expired, or every tenth second deleted with cscli), the churn file rewritten. */
    static final class Churn implements AutoCloseable {
        private final Lapi lapi;
        private final Path file;
        int steps;
        String lastAdded;

        Churn(Lapi lapi, Path file) {
            this.lapi = lapi;
            this.file = file;
        }

        void step() throws Exception {
            steps++;
            lastAdded = "127.0.4." + steps % 250;
            // One cscli call a second (two at once lock 1.4.6's SQLite): a decision of 30 s added, so one expires
            // a second too (LAPI lists it as deleted in the stream); every tenth second one is also deleted by hand.
            cscli("decisions", "add", "--ip", lastAdded, "--duration", "30s", "--reason", "churn");
            if (steps > 10 && steps % 10 == 0) {
                cscli("decisions", "delete", "--ip", "127.0.4." + (steps - 10) % 250);
            }
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                lines.append("127.0.5.").append((steps + i) % 250).append('\n');
            }
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, lines);
            Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        private String cscli(String... args) {
            try {
                return lapi.cscli(args);
            } catch (IOException | InterruptedException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }

        @Override
        public void close() {
        }
    }
}
