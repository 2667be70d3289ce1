package io.spoabouncer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.app.testing.Ports;
import io.spoabouncer.app.testing.SpopClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped artifact, app/target/spoa-bouncer.jar, run as users run it (after `package`, by failsafe):
 * embedded defaults from the repository root, environment overrides, SIGTERM.
 */
class FatJarIT {
    static final Path JAR = Path.of("target/spoa-bouncer.jar").toAbsolutePath();
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    /** The JVM options every launch uses, from the one file scripts/run.sh reads. */
    static List<String> jvmOptions() throws IOException {
        return Files.readAllLines(REPO.resolve("scripts/jvm.options")).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    Process launch(Map<String, String> env, String... args) throws IOException {
        return launch(List.of(), env, args);
    }

    Process launch(List<String> extraJvm, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("java"));
        cmd.addAll(jvmOptions());
        cmd.addAll(extraJvm);
        cmd.addAll(List.of("-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("out.log").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    String output() throws IOException {
        return Files.readString(tmp.resolve("out.log"), StandardCharsets.UTF_8);
    }

    /**
     * The flood that took the agent down before (one connection, a correct HELLO, NOTIFYs as fast as the
     * socket takes them, no ACK ever read), against the jar on a small heap: the agent stops reading that
     * connection, keeps answering another one, and stays up.
     */
    @Test
    void aFloodingPeerCannotTakeTheAgentDown_onASmallHeap() throws Exception {
        int port = Ports.free();
        Process p = launch(List.of("-Xmx96m"), Map.of("SPOA_LISTEN_TCP", "127.0.0.1:" + port));
        try {
            org.awaitility.Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> output().contains("ready:") || !p.isAlive());
            assertTrue(output().contains("ready:"), output());
            try (io.spoabouncer.adapter.spoe.testing.Flooder flooder = new io.spoabouncer.adapter.spoe.testing.Flooder(port)) {
                boolean stalled = flooder.flood(256L << 20, io.spoabouncer.adapter.spoe.testing.Flooder.PATIENCE, java.time.Duration.ofSeconds(2));
                assertTrue(stalled, "the agent stopped reading the flooder after " + (flooder.written() >> 20) + " MiB");
                try (SpopClient probe = new SpopClient(port)) {
                    for (int i = 0; i < 20; i++) {
                        assertEquals(i % 2 == 0 ? "ban" : "allow", probe.checkIp(i % 2 == 0 ? "192.0.2.1" : "192.0.2.3").get("remediation"));
                    }
                }
            }
            assertTrue(p.isAlive(), output());
            assertFalse(output().contains("OutOfMemoryError"), output());
        } finally {
            p.destroy();
            assertTrue(p.waitFor(15, TimeUnit.SECONDS), "stopped within 15s on SIGTERM");
        }
    }

    @Test
    void sighupAndAnEditedFileReload_aBrokenEditIsRefused() throws Exception {
        int port = Ports.free();
        Path conf = tmp.resolve("agent.conf");
        Files.writeString(conf, "spoe.listen-tcp = \"127.0.0.1:" + port + "\"\nlogging.level = info\n");
        Process p = launch(Map.of(), "--config", conf.toString());
        try {
            org.awaitility.Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> output().contains("ready:") || !p.isAlive());
            new ProcessBuilder("kill", "-HUP", String.valueOf(p.pid())).start().waitFor();
            org.awaitility.Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> output().contains("reload (SIGHUP): configuration reloaded"));
            Files.writeString(conf, "spoe.listen-tcp = \"127.0.0.1:" + port + "\"\nlogging.level = info\nhttp.hosts = [{host = x, captcha.provider = hcapcha}]\n");
            // Both lines of the refusal (one log event the output reader may append in two reads): wait for what is asserted.
            org.awaitility.Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> output().contains("is not valid; the running configuration stays")
                    && output().contains("unknown captcha provider 'hcapcha'"));
            try (SpopClient client = new SpopClient(port)) {
                assertEquals("ban", client.checkIp("192.0.2.1").get("remediation"), "still serving");
            }
        } finally {
            p.destroy();
            assertTrue(p.waitFor(15, TimeUnit.SECONDS));
        }
    }

    @Test
    void versionFromTheJar() throws Exception {
        Process p = launch(Map.of(), "--version");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertTrue(output().matches("spoa-bouncer \\d+\\.\\d+\\.\\d+.*\\s*"), output());
    }

    @Test
    void environmentVariablesOverrideTheDefaults() throws Exception {
        Process p = launch(Map.of("SPOA_LISTEN_TCP", "not-an-address"), "--check-config");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        assertTrue(output().contains("spoe.listen-tcp: 'not-an-address' (expected: host:port"), output());
    }

    @Test
    void runsOnTheEmbeddedDefaultsAndStopsGracefullyOnSigterm() throws Exception {
        int port = Ports.free();
        Process p = launch(Map.of("SPOA_LISTEN_TCP", "127.0.0.1:" + port));
        try {
            // The whole line asserted, not its start: the output file may be read while the line is being written.
            org.awaitility.Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> output().contains("ready: 6 decisions from [file]") || !p.isAlive());
            assertTrue(output().contains("ready: 6 decisions from [file]"), output());
            assertFalse(output().contains("ExitOnOutOfMemoryError"), "launched as scripts/run.sh does, the flag is on: " + output());
            assertTrue(output().contains("SPOE agent on [/127.0.0.1:" + port + "]"), output());
            try (SpopClient client = new SpopClient(port)) {
                // examples/decisions/blocklist.txt bans 192.0.2.1; captcha.txt lists 192.0.2.2.
                assertEquals("ban", client.checkIp("192.0.2.1").get("remediation"));
                assertEquals("captcha", client.checkIp("192.0.2.2").get("remediation"));
                assertEquals("allow", client.checkIp("192.0.2.3").get("remediation"));
                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(15, TimeUnit.SECONDS), "stopped within 15s");
                // The open connection was told first.
                Map<String, Object> bye = io.spoabouncer.adapter.spoe.codec.KvList.read(skipHeader(client.read()));
                assertEquals(0L, bye.get("status-code"));
            }
            assertTrue(output().contains("shutting down"), output());
            assertTrue(output().contains("stopped SpoeServer"), output());
        } finally {
            p.destroyForcibly();
        }
    }

    static io.netty.buffer.ByteBuf skipHeader(io.netty.buffer.ByteBuf frame) {
        assertEquals(io.spoabouncer.adapter.spoe.codec.FrameType.AGENT_DISCONNECT, frame.readUnsignedByte());
        frame.skipBytes(6);
        return frame;
    }
}
