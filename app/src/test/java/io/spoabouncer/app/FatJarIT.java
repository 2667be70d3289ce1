package io.spoabouncer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    Process launch(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("out.log").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    String output() throws IOException {
        return Files.readString(tmp.resolve("out.log"), StandardCharsets.UTF_8);
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
            org.awaitility.Awaitility.await().atMost(60, TimeUnit.SECONDS).until(() -> output().contains("ready:") || !p.isAlive());
            assertTrue(output().contains("ready: 6 decisions from [file]"), output());
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
