package io.spoabouncer.app.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real CrowdSec LAPI (Debian's crowdsec 1.4.6), offline on loopback, run by scripts/crowdsec-lapi.sh in a
 * directory and on a port of its own; decisions are added and deleted with the real cscli.
 */
public final class Lapi implements AutoCloseable {
    public static final String KEY = "it-bouncer-key-0123456789abcdef";
    private final Path dir;
    private final int port;

    private Lapi(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static Lapi start(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/bin/crowdsec"))) {
            throw new AssertionError("/usr/bin/crowdsec is missing: the test command installs Debian's crowdsec (scripts/test.sh)");
        }
        Lapi lapi = new Lapi(dir, Ports.free());
        lapi.script("start");
        return lapi;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    public void stop() throws IOException, InterruptedException {
        script("stop");
    }

    public void resume() throws IOException, InterruptedException {
        script("resume");
    }

    /** Runs cscli against this LAPI, e.g. {@code cscli("decisions", "add", "--ip", "1.2.3.4")}. */
    public String cscli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("cscli", "-c", dir.resolve("config.yaml").toString(), "--error"));
        cmd.addAll(List.of(args));
        return run(cmd, Map.of());
    }

    private void script(String verb) throws IOException, InterruptedException {
        Path script = Examples.dir().resolveSibling("scripts").resolve("crowdsec-lapi.sh");
        run(List.of("bash", script.toString(), verb), Map.of("CS_DIR", dir.toString(), "CS_PORT", String.valueOf(port), "CS_KEY", KEY));
    }

    private static String run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(cmd + " failed:\n" + out);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (Exception | AssertionError e) {
            // best effort at the end of a test
        }
    }
}
