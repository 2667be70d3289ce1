package io.spoabouncer.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.adapter.spoe.server.SpoeServer;
import io.spoabouncer.adapter.spoe.testing.Spop;
import io.spoabouncer.app.Agent;
import io.spoabouncer.app.Reloader;
import io.spoabouncer.app.testing.SpopClient;
import io.spoabouncer.domain.http.CaptchaToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload while traffic flows: a host added, a captcha key rotated, a broken edit refused, a restart key named. */
class ReloadTest {
    static final String KEY_1 = "first-signing-key-0123456789abcdef";
    static final String KEY_2 = "second-signing-key-0123456789abcdef";

    @TempDir
    Path tmp;

    String config(String hosts, String extra) throws Exception {
        // Written once: rewriting a file the agent polls can let a poll read it truncated and empty (a
        // non-atomic write; README, the file source), which this test of config reloads is not about.
        writeOnce(tmp.resolve("captcha.txt"), "192.0.2.2\n");
        writeOnce(tmp.resolve("ban.txt"), "192.0.2.1\n");
        return "plugins.directory = \"" + tmp.resolve("none") + "\"\nspoe.listen-tcp = \"127.0.0.1:0\"\n"
                + "decisions.file.files = [{path = \"" + tmp.resolve("captcha.txt") + "\", type = captcha}, {path = \"" + tmp.resolve("ban.txt") + "\"}]\n"
                + "http.hosts = [" + hosts + "]\n" + extra;
    }

    private static void writeOnce(Path file, String content) throws Exception {
        if (!Files.exists(file)) {
            Files.writeString(file, content);
        }
    }

    static String captchaHost(String host, String key) {
        return "{host = \"" + host + "\", captcha {provider = pow, signing-key = \"" + key + "\"}}";
    }

    /** The legacy crowdsec-http message: src-ip and host. */
    static Map<String, Object> http(SpopClient c, String ip, String host) throws Exception {
        c.send(Spop.notify(1, 1, out -> Spop.message(out, "crowdsec-http", 2).ip("src-ip", ip).string("host", host)));
        return SpopClient.ackVariables(c.read());
    }

    @Test
    void reloadWhileTrafficFlows() throws Exception {
        Path file = tmp.resolve("spoa-bouncer.conf");
        Files.writeString(file, config(captchaHost("a.example", KEY_1), ""));
        try (Agent agent = Agent.create(ConfigLoader.parseUserFile(file))) {
            agent.start();
            int port = ((SpoeServer) agent.transport()).tcpPort();
            Reloader reloader = new Reloader(file, agent);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger answered = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread traffic = new Thread(() -> {
                try (SpopClient c = new SpopClient(port)) {
                    while (!stop.get()) {
                        assertEquals("ban", c.checkIp("192.0.2.1").get("remediation"));
                        assertEquals("allow", c.checkIp("192.0.2.9").get("remediation"));
                        answered.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            traffic.start();
            try (SpopClient c = new SpopClient(port)) {
                assertEquals("ban", http(c, "192.0.2.2", "b.example").get("remediation"), "no captcha settings for b: the fallback");

                // A host added, a's key rotated.
                Files.writeString(file, config(captchaHost("a.example", KEY_2) + ", " + captchaHost("b.example", KEY_2), ""));
                Reloader.Result added = reloader.reload("test");
                assertTrue(added.applied(), added.problems().toString());
                assertEquals(List.of(), added.needRestart());
                Map<String, Object> b = http(c, "192.0.2.2", "b.example");
                assertEquals("captcha", b.get("remediation"));
                String cookie = ((String) b.get("captcha_cookie")).split(";")[0].split("=", 2)[1];
                assertNotNull(CaptchaToken.verify(cookie, KEY_2.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis() / 1000), "signed with the new key");
                String aCookie = ((String) http(c, "192.0.2.2", "a.example").get("captcha_cookie")).split(";")[0].split("=", 2)[1];
                assertEquals(null, CaptchaToken.verify(aCookie, KEY_1.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis() / 1000), "the old key is retired");

                // A broken edit is refused with --check-config's messages; the running configuration stays.
                Files.writeString(file, config(captchaHost("a.example", KEY_2) + ", {host = \"c.example\", captcha {provider = hcapcha}}", ""));
                Reloader.Result broken = reloader.reload("test");
                assertFalse(broken.applied());
                assertTrue(broken.problems().stream().anyMatch(p -> p.contains("unknown captcha provider 'hcapcha'. Did you mean 'hcaptcha'?")), broken.problems().toString());
                assertEquals("captcha", http(c, "192.0.2.2", "b.example").get("remediation"), "b kept from the running configuration");

                // The file list reloads; a listener key needs a restart, and says so.
                Files.writeString(file, config(captchaHost("b.example", KEY_2), "spoe.max-frame-size = 2m\n")
                        .replace(", {path = \"" + tmp.resolve("ban.txt") + "\"}", ""));
                Reloader.Result partly = reloader.reload("test");
                assertTrue(partly.applied());
                assertEquals(List.of("spoe"), partly.needRestart());
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> agent.store().size() == 1);
            } finally {
                stop.set(true);
                traffic.join();
            }
            // The traffic thread's last checks ran against the last list: 192.0.2.1 is no longer banned.
            Throwable t = failure.get();
            assertTrue(t == null || t.getMessage().contains("expected: <ban> but was: <allow>"), String.valueOf(t));
            assertTrue(answered.get() > 0);
        }
    }

    /**
     * A config edit caught half-written by the watch (an editor's save truncates, then writes): an empty
     * file is valid HOCON (all defaults, which would drop the ban list), and so is its first lines. The
     * watch reloads only a file left unchanged for a second, so the running configuration answers until
     * the edit is whole, and then the edit is applied.
     */
    @Test
    void anEditCaughtHalfWrittenIsNotReloadedUntilItIsWhole() throws Exception {
        Path file = tmp.resolve("spoa-bouncer.conf");
        String running = config(captchaHost("a.example", KEY_1), "");
        Files.writeString(file, running);
        try (Agent agent = Agent.create(ConfigLoader.parseUserFile(file))) {
            agent.start();
            int port = ((SpoeServer) agent.transport()).tcpPort();
            long[] nanos = {0};
            Reloader reloader = new Reloader(file, agent, () -> nanos[0]);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> agent.store().size() == 2);
            try (SpopClient c = new SpopClient(port)) {
                Files.writeString(file, "");                                     // truncated
                assertNull(reloader.poll());
                nanos[0] += 600_000_000L;
                String edit = config(captchaHost("a.example", KEY_1) + ", " + captchaHost("b.example", KEY_2), "");
                Files.writeString(file, edit.lines().limit(2).map(l -> l + "\n").reduce("", String::concat)); // its first lines
                assertNull(reloader.poll());
                nanos[0] += 600_000_000L;
                assertNull(reloader.poll(), "changed 0.6 s ago: not settled");
                assertEquals("ban", c.checkIp("192.0.2.1").get("remediation"), "the ban list of the running configuration answers");
                assertEquals(2, agent.store().size());

                Files.writeString(file, edit);                                   // whole
                assertNull(reloader.poll());
                nanos[0] += 1_000_000_000L;
                Reloader.Result applied = reloader.poll();
                assertNotNull(applied, "left unchanged for a second: reloaded");
                assertTrue(applied.applied(), applied.problems().toString());
                assertEquals("captcha", http(c, "192.0.2.2", "b.example").get("remediation"), "the edit's new host");
                assertEquals("ban", c.checkIp("192.0.2.1").get("remediation"));
                assertNull(reloader.poll(), "nothing changed since");

                // An edit reloaded by hand (SIGHUP) is not reloaded again by the watch.
                Files.writeString(file, config(captchaHost("b.example", KEY_2), ""));
                assertTrue(reloader.reload("SIGHUP").applied());
                nanos[0] += 2_000_000_000L;
                assertNull(reloader.poll(), "already reloaded");
                nanos[0] += 2_000_000_000L;
                assertNull(reloader.poll(), "already reloaded");
            }
        }
    }
}
