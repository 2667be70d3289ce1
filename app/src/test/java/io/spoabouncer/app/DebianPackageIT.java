package io.spoabouncer.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spoabouncer.app.testing.Haproxy;
import io.spoabouncer.app.testing.Lapi;
import io.spoabouncer.app.testing.Ports;
import io.spoabouncer.app.testing.RawHttp;
import io.spoabouncer.app.testing.RecordingBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package as a user gets it: built by scripts/build-deb.sh, installed with apt on this machine,
 * its files, owners and modes checked, the unit verified, its ExecStart run as its user (readiness seen
 * through systemd-notify), HAProxy with the shipped example in front, then purged and nothing left.
 */
class DebianPackageIT {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    static String run(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(REPO.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }

    static String owner(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return a.owner().getName() + ":" + a.group().getName() + " " + PosixFilePermissions.toString(a.permissions());
    }

    @Test
    void installRunPurge() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "installs a package: runs as root (CI does)");
        String deb = run(Map.of(), "bash", "scripts/build-deb.sh").trim().lines().reduce((a, b) -> b).orElseThrow();
        // Lintian runs clean: the tags we keep on purpose are overridden, with the reason, in packaging/deb/lintian-overrides.
        String lintian = run(Map.of(), "lintian", "--tag-display-limit", "0", REPO.resolve(deb).toString());
        assertTrue(lintian.lines().noneMatch(l -> l.matches("^[EW]: .*")), lintian);
        run(Map.of("DEBIAN_FRONTEND", "noninteractive"), "apt-get", "install", "-y", "-q", "--no-install-recommends", REPO.resolve(deb).toString());
        String registered;
        try {
            assertEquals("root:root rwxr-xr-x", owner(Path.of("/usr/bin/spoa-bouncer")));
            assertEquals("root:spoa-bouncer rw-r-----", owner(Path.of("/etc/spoa-bouncer/spoa-bouncer.conf")));
            assertEquals("root:spoa-bouncer rw-r-----", owner(Path.of("/etc/default/spoa-bouncer")), "holds the LAPI key: never world-readable");
            assertEquals("root:spoa-bouncer rwxr-x---", owner(Path.of("/etc/spoa-bouncer/hosts.d")));
            assertEquals("spoa-bouncer:spoa-bouncer rwxr-x---", owner(Path.of("/var/lib/spoa-bouncer")));
            assertTrue(Files.isRegularFile(Path.of("/usr/share/spoa-bouncer/haproxy/haproxy.cfg")));
            assertTrue(Files.isRegularFile(Path.of("/lib/systemd/system/spoa-bouncer.service")));
            assertTrue(run(Map.of(), "getent", "passwd", "spoa-bouncer").contains("/usr/sbin/nologin"));
            // A local CrowdSec is installed here (the tests' LAPI package): postinst registered a key of its own.
            String env = Files.readString(Path.of("/etc/default/spoa-bouncer"));
            assertTrue(env.lines().anyMatch(l -> l.startsWith("CROWDSEC_API_KEY=") && l.length() > 20), env);
            registered = Files.readString(Path.of("/var/lib/spoa-bouncer/bouncer-name")).trim();
            assertTrue(run(Map.of(), "cscli", "bouncers", "list", "-o", "raw").contains(registered));
            run(Map.of(), "systemd-analyze", "verify", "/lib/systemd/system/spoa-bouncer.service");
            run(Map.of(), "/usr/bin/spoa-bouncer", "--config", "/etc/spoa-bouncer/spoa-bouncer.conf", "--check-config");

            runAsTheUnitDoes();
        } finally {
            run(Map.of("DEBIAN_FRONTEND", "noninteractive"), "apt-get", "purge", "-y", "-q", "spoa-bouncer");
        }
        for (String gone : List.of("/usr/bin/spoa-bouncer", "/usr/share/spoa-bouncer", "/etc/spoa-bouncer", "/etc/default/spoa-bouncer",
                "/var/lib/spoa-bouncer", "/lib/systemd/system/spoa-bouncer.service")) {
            assertFalse(Files.exists(Path.of(gone)), gone + " is left after purge");
        }
        assertFalse(run(Map.of(), "cscli", "bouncers", "list", "-o", "raw").contains(registered), "purge removed the agent's key from LAPI");
        ProcessBuilder user = new ProcessBuilder("getent", "passwd", "spoa-bouncer");
        assertEquals(2, user.start().waitFor(), "the user is removed");
    }

    /** ExecStart as the spoa-bouncer user, fed by a LAPI of the test's, readiness through systemd-notify. */
    private void runAsTheUnitDoes() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path notified = tmp.resolve("notified");
        Path fake = bin.resolve("systemd-notify");
        Files.writeString(fake, "#!/bin/sh\necho \"$@\" > " + notified + "\n");
        fake.toFile().setExecutable(true, false);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (Lapi lapi = Lapi.start(tmp.resolve("crowdsec")); RecordingBackend backend = new RecordingBackend()) {
            lapi.cscli("decisions", "add", "--ip", "127.0.0.90", "--duration", "1h", "--type", "ban");
            int spoe = Ports.free();
            List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "spoa-bouncer", "--", "env",
                    "PATH=" + bin + ":/usr/bin:/bin", "NOTIFY_SOCKET=/run/spoa-bouncer/notify", "SPOA_HEAP=128m",
                    "SPOA_LISTEN_TCP=127.0.0.1:" + spoe, "CROWDSEC_LAPI_URL=" + lapi.url(), "CROWDSEC_API_KEY=" + Lapi.KEY,
                    "/usr/bin/spoa-bouncer", "--config", "/etc/spoa-bouncer/spoa-bouncer.conf"));
            Process agent = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("agent.log").toFile()).start();
            try {
                try {
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(notified) || !agent.isAlive());
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("no readiness within 60 s:\n" + Files.readString(tmp.resolve("agent.log")), e);
                }
                assertTrue(agent.isAlive(), Files.readString(tmp.resolve("agent.log")));
                // Ready only once the listener is up and LAPI's decisions are loaded (whichever came last).
                assertTrue(Files.readString(notified).contains("--ready --status=serving 1 decisions"), Files.readString(notified));
                int frontend = Ports.free();
                // The shipped config as installed, with the package's own decision map and Debian's Runtime API
                // socket (/run/haproxy, setgid haproxy, mode 660): the agent reaches it through the group postinst gave it.
                Path shipped = Path.of("/usr/share/spoa-bouncer/haproxy");
                String cfg = Files.readString(shipped.resolve("haproxy.cfg"))
                        .replace("bind *:8080", "bind 127.0.0.1:" + frontend).replace("127.0.0.1:8081", "127.0.0.1:" + backend.port())
                        .replace("127.0.0.1:9000", "127.0.0.1:" + spoe).replace("/etc/haproxy/", "@DIR@/");
                Map<String, String> files = new java.util.HashMap<>();
                for (String f : List.of("crowdsec.cfg", "crowdsec/ban.html", "crowdsec/ban-with-contact.html", "crowdsec/captcha.html", "crowdsec/unavailable.html")) {
                    files.put(f, Files.readString(shipped.resolve(f)));
                }
                Path map = Path.of("/var/lib/spoa-bouncer/crowdsec-decisions.map");
                assertEquals("spoa-bouncer:spoa-bouncer rw-r--r--", owner(map), "postinst creates the map HAProxy loads at start");
                assertEquals("spoa-bouncer:spoa-bouncer rw-------", owner(Path.of("/var/lib/spoa-bouncer/crowdsec-captcha-keys.map")),
                        "the signing keys: readable by the agent (and root's HAProxy master) only");
                assertTrue(run(Map.of(), "id", "-nG", "spoa-bouncer").contains("haproxy"), "postinst puts the agent in HAProxy's group");
                try (Haproxy haproxy = Haproxy.start(cfg, files, frontend)) {
                    assertEquals(403, RawHttp.get("127.0.0.90", frontend, "/").status());
                    assertEquals(200, RawHttp.get("127.0.0.91", frontend, "/").status());
                    // The agent keeps HAProxy's map through the socket, and the file on disk.
                    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> haproxy.command("show map " + map).contains("127.0.0.90 ban"));
                    assertTrue(Files.readString(map).contains("127.0.0.90 ban"), Files.readString(map));
                    // The agent gone (SIGTERM through runuser, which passes it on; a SIGKILL would orphan the agent):
                    // the ban holds (HAProxy's map), everyone else passes.
                    agent.destroy();
                    assertTrue(agent.waitFor(20, TimeUnit.SECONDS), "the agent stopped");
                    assertEquals(403, RawHttp.get("127.0.0.90", frontend, "/").status(), haproxy.log());
                    assertEquals(200, RawHttp.get("127.0.0.91", frontend, "/").status(), haproxy.log());
                }
                // HAProxy started while the agent is down: it loads the map file, the ban holds.
                try (Haproxy again = Haproxy.start(cfg, files, frontend)) {
                    assertEquals(403, RawHttp.get("127.0.0.90", frontend, "/").status(), again.log());
                    assertEquals(200, RawHttp.get("127.0.0.91", frontend, "/").status());
                }
            } finally {
                agent.destroy();
                agent.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }
}
