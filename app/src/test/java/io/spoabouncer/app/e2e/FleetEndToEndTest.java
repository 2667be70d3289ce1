package io.spoabouncer.app.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.app.testing.Examples;
import io.spoabouncer.app.testing.Haproxy;
import io.spoabouncer.app.testing.Lapi;
import io.spoabouncer.app.testing.Ports;
import io.spoabouncer.app.testing.RawHttp;
import io.spoabouncer.app.testing.RecordingBackend;
import io.spoabouncer.app.testing.RunningAgent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's fleet layout: two agents behind Debian's HAProxy 2.6 (the shipped config, both agents in
 * its balanced backends), each with its own LAPI key on one real LAPI (crowdsec 1.4.6), sharing the
 * captcha signing key. Bans hold whatever agent answers, a captcha solved through one agent is honoured
 * by the other, and with one agent stopped the other judges every request.
 */
class FleetEndToEndTest {
    static final String BANNED = "127.0.0.70";
    static final String CLIENT = "127.0.0.71";
    static final String SIGNING_KEY = "fleet-captcha-signing-key-0123456789";

    @TempDir
    Path tmp;

    RunningAgent agent(Lapi lapi, int port, String key) {
        return new RunningAgent("spoe.listen-tcp = \"127.0.0.1:" + port + "\"\n"
                + "plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                + "decisions.sources = [http]\n"
                + "decisions.http { api-url = \"" + lapi.url() + "\", api-key = \"" + key + "\", update-frequency = 1s, snapshot.path = \"\" }\n"
                + "http.hosts = [{host = \"*\", captcha {provider = pow, signing-key = \"" + SIGNING_KEY + "\", pow.difficulty = 4}}]\n");
    }

    static RawHttp.Response get(int frontend, String source, String path, String cookie) throws Exception {
        return RawHttp.send(source, frontend, "GET " + path + " HTTP/1.1\r\nHost: shop.example\r\nAccept: text/html\r\n"
                + (cookie == null ? "" : "Cookie: crowdsec_captcha_cookie=" + cookie + "\r\n") + "Connection: close\r\n\r\n");
    }

    static String cookie(RawHttp.Response r) {
        Matcher m = Pattern.compile("(?im)^set-cookie: crowdsec_captcha_cookie=([^;\\r\\n]*)").matcher(r.head());
        return m.find() ? m.group(1) : null;
    }

    @Test
    void twoAgentsOneHaproxy() throws Exception {
        try (Lapi lapi = Lapi.start(tmp.resolve("crowdsec"))) {
            lapi.cscli("bouncers", "add", "agent-b", "-k", "second-agent-key-0123456789abcdef");
            int portA = Ports.free();
            int portB = Ports.free();
            RunningAgent a = agent(lapi, portA, Lapi.KEY);
            RunningAgent b = agent(lapi, portB, "second-agent-key-0123456789abcdef");
            List<AutoCloseable> open = new ArrayList<>(List.of(a, b));
            try (RecordingBackend backend = new RecordingBackend()) {
                int frontend = Ports.free();
                try (Haproxy haproxy = Haproxy.start(Examples.haproxyFleetConfig("haproxy.cfg", frontend, backend.port(), new int[] {portA, portB},
                        new int[] {Ports.free(), Ports.free()}), Examples.haproxyFiles(), frontend)) {
                    assertEquals("L7OK", haproxy.waitForCheckStatus("crowdsec-spoa", "agent1", "L7OK", Duration.ofSeconds(20)));
                    assertEquals("L7OK", haproxy.waitForCheckStatus("crowdsec-spoa", "agent2", "L7OK", Duration.ofSeconds(20)));

                    // A LAPI ban, enforced by both agents (each pulls with its own key).
                    lapi.cscli("decisions", "add", "--ip", BANNED, "--duration", "1h", "--type", "ban");
                    lapi.cscli("decisions", "add", "--ip", CLIENT, "--duration", "1h", "--type", "captcha");
                    await().atMost(Duration.ofSeconds(30)).until(() -> a.agent.store().size() == 2 && b.agent.store().size() == 2);
                    for (int i = 0; i < 10; i++) {
                        assertEquals(403, get(frontend, BANNED, "/b" + i, null).status());
                    }

                    // The captcha solved while only agent A answers...
                    b.close();
                    open.remove(b);
                    await().atMost(Duration.ofSeconds(20)).until(() -> !"L7OK".equals(haproxy.stat("crowdsec-spoa", "agent2", "check_status")));
                    RawHttp.Response page = get(frontend, CLIENT, "/shop", null);
                    Matcher challenge = Pattern.compile("var challenge = \"([^\"]+)\"").matcher(page.body());
                    assertTrue(challenge.find(), page.body());
                    String form = "pow-response=" + URLEncoder.encode(CaptchaFlowEndToEndTest.solve(challenge.group(1)), StandardCharsets.UTF_8);
                    RawHttp.Response solved = RawHttp.send(CLIENT, frontend, "POST /shop HTTP/1.1\r\nHost: shop.example\r\n"
                            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n"
                            + "Cookie: crowdsec_captcha_cookie=" + cookie(page) + "\r\nConnection: close\r\n\r\n" + form);
                    assertEquals(302, solved.status(), solved.head());
                    String passed = cookie(solved);
                    assertNotNull(passed);

                    // ... is honoured by agent B alone.
                    RunningAgent b2 = agent(lapi, portB, "second-agent-key-0123456789abcdef");
                    open.add(b2);
                    await().atMost(Duration.ofSeconds(20)).until(() -> b2.agent.store().size() == 2);
                    await().atMost(Duration.ofSeconds(20)).until(() -> "L7OK".equals(haproxy.stat("crowdsec-spoa", "agent2", "check_status")));
                    a.close();
                    open.remove(a);
                    // Every request is judged by the agent left: nothing banned gets through, nothing fails.
                    for (int i = 0; i < 20; i++) {
                        assertEquals(403, get(frontend, BANNED, "/after-" + i, null).status(), "request " + i);
                        RawHttp.Response through = get(frontend, CLIENT, "/shop", passed);
                        assertEquals(200, through.status(), "request " + i + ": " + through.head());
                        assertEquals("allow", backend.lastHeader("X-Crowdsec-Remediation"), "judged, not let through on error");
                    }
                }
            } finally {
                for (AutoCloseable c : open) {
                    c.close();
                }
            }
        }
    }
}
