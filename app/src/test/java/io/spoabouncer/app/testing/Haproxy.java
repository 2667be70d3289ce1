package io.spoabouncer.app.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's haproxy, run in the foreground on a config derived from the shipped example: the test rewrites
 * addresses and paths only. Stopped by PID. A stats socket is added to read the agent's health-check state.
 */
public final class Haproxy implements AutoCloseable {
    /** Debian's 2.6; HAPROXY_BINARY runs the end-to-end tests on another build (e.g. a 3.x one, by hand). */
    public static final String BINARY = System.getenv().getOrDefault("HAPROXY_BINARY", "/usr/sbin/haproxy");

    private final Process process;
    private final Path dir;
    private final Path statsSocket;
    private final Path log;

    private Haproxy(Process process, Path dir, Path statsSocket, Path log) {
        this.process = process;
        this.dir = dir;
        this.statsSocket = statsSocket;
        this.log = log;
    }

    /** HAProxy's process id (for its memory, in benchmarks). */
    public long pid() {
        return process.pid();
    }

    /** The Runtime API socket (level admin). */
    public Path statsSocket() {
        return statsSocket;
    }

    public static void requireInstalled() {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new AssertionError(BINARY + " is missing: the test command installs Debian's haproxy (scripts/test.sh)");
        }
    }

    /**
     * @param config the haproxy.cfg text (already rewritten); {@code @DIR@} is replaced by the run directory
     * @param files extra files to write into the run directory, by name
     */
    public static Haproxy start(String config, Map<String, String> files, int frontendPort) throws IOException, InterruptedException {
        requireInstalled();
        Path dir = Files.createTempDirectory("haproxy-e2e");
        Path stats = dir.resolve("stats.sock");
        String cfg = config.replace("@DIR@", dir.toString())
                .replaceFirst("(?m)^global\\s*$", "global\n    stats socket " + stats + " mode 600 level admin");
        Files.writeString(dir.resolve("haproxy.cfg"), cfg);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue().replace("@DIR@", dir.toString()));
        }
        Process check = new ProcessBuilder(BINARY, "-c", "-f", dir.resolve("haproxy.cfg").toString()).redirectErrorStream(true).start();
        String checkOut = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (check.waitFor() != 0) {
            throw new AssertionError("haproxy -c rejected the config:\n" + checkOut + "\n" + cfg);
        }
        Path log = dir.resolve("haproxy.log");
        Process p = new ProcessBuilder(BINARY, "-f", dir.resolve("haproxy.cfg").toString(), "-db")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Haproxy h = new Haproxy(p, dir, stats, log);
        try {
            org.awaitility.Awaitility.await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!p.isAlive()) {
                    throw new AssertionError("haproxy exited: " + h.log());
                }
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", frontendPort)) {
                    return true;
                } catch (IOException notYet) {
                    return false;
                }
            });
            return h;
        } catch (RuntimeException | AssertionError e) {
            h.close();
            throw new AssertionError("haproxy did not listen on " + frontendPort + ": " + h.log(), e);
        }
    }

    /** One stats-socket command's answer. */
    public String command(String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(statsSocket));
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            while (ch.read(buf) >= 0) {
                if (!buf.hasRemaining()) {
                    break;
                }
            }
            buf.flip();
            return StandardCharsets.UTF_8.decode(buf).toString();
        }
    }

    /** A column of a server's line in "show stat" (e.g. stot, the sessions it took), or null. */
    public String stat(String backend, String server, String column) throws IOException {
        String[] lines = command("show stat").split("\n");
        int col = java.util.Arrays.asList(lines[0].replaceFirst("^# ", "").split(",")).indexOf(column);
        for (String line : lines) {
            String[] f = line.split(",", -1);
            if (f.length > col && f[0].equals(backend) && f[1].equals(server)) {
                return f[col];
            }
        }
        return null;
    }

    /** The check_status column of a server in "show stat" (L7OK once an SPOP health check passed). */
    public String checkStatus(String backend, String server) throws IOException {
        String[] lines = command("show stat").split("\n");
        String[] header = lines[0].replaceFirst("^# ", "").split(",");
        int col = java.util.Arrays.asList(header).indexOf("check_status");
        for (String line : lines) {
            String[] f = line.split(",", -1);
            if (f.length > col && f[0].equals(backend) && f[1].equals(server)) {
                return f[col];
            }
        }
        return null;
    }

    /** The status once it is {@code expected}, or the last one seen when the deadline passed (the caller asserts). */
    public String waitForCheckStatus(String backend, String server, String expected, Duration timeout) throws IOException {
        try {
            org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> expected.equals(checkStatus(backend, server)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // fall through: the caller's assertion names what was seen
        }
        return checkStatus(backend, server);
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
