package io.spoabouncer.app.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.app.testing.Examples;
import io.spoabouncer.app.testing.Haproxy;
import io.spoabouncer.app.testing.Ports;
import io.spoabouncer.app.testing.RawHttp;
import io.spoabouncer.app.testing.RecordingBackend;
import io.spoabouncer.app.testing.RunningAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped SPOE configs when the agent gives no verdict (here: the agent stopped, so HAProxy's SPOE
 * connection is refused): through Debian's HAProxy 2.6, a banned client still gets the ban page from the map
 * the agent kept, a captcha client a 503 "try again" page, everyone else the backend; an HAProxy started
 * while the agent is down loads the map file. And the fail-closed switch: 503 for every such request.
 * (Late, stalled, killed and cold agents under load: AgentFaultsIT.)
 */
class FailSafeEndToEndTest {
    static final String BANNED = "127.0.0.66";
    static final String IN_RANGE = "127.0.1.5";
    static final String CAPTCHA = "127.0.0.77";
    static final String ALLOWED = "127.0.0.10";

    @TempDir
    Path tmp;

    RunningAgent agentKeepingTheMap(Haproxy haproxy, int agentPort) throws Exception {
        Path ban = Files.writeString(tmp.resolve("ban.txt"), BANNED + "\n127.0.1.0/24\n");
        Path captcha = Files.writeString(tmp.resolve("captcha.txt"), CAPTCHA + "\n");
        Path map = haproxy.dir().resolve("crowdsec-decisions.map");
        RunningAgent agent = new RunningAgent("spoe.listen-tcp = \"127.0.0.1:" + agentPort + "\"\n"
                + "plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                + "decisions.file.files = [{path = \"" + ban + "\", type = ban}, {path = \"" + captcha + "\", type = captcha}]\n"
                + "http.hosts = [{host = \"*\", captcha {provider = pow, signing-key = \"" + "f".repeat(32) + "\", pow.difficulty = 4}}]\n"
                + "haproxy-maps { enabled = true, map-file = \"" + map + "\", runtime-api = [\"unix:" + haproxy.statsSocket() + "\"] }\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> haproxy.command("show map " + map).contains("127.0.1.0/24 ban")
                && haproxy.command("show map " + map).contains(CAPTCHA + " captcha"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(haproxy.stat("crowdsec-spoa", "agent1", "status")));
        return agent;
    }

    static RawHttp.Response textClient(String source, int port) throws Exception {
        return RawHttp.send(source, port, "GET /api HTTP/1.1\r\nHost: example.com\r\nAccept: application/json\r\nConnection: close\r\n\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"haproxy.cfg", "haproxy-lua.cfg"})
    void withTheAgentDownHaproxyDecidesFromTheMap(String shipped) throws Exception {
        int agentPort = Ports.free();
        int frontend = Ports.free();
        try (RecordingBackend backend = new RecordingBackend();
             Haproxy haproxy = Haproxy.start(Examples.haproxyConfig(shipped, frontend, backend.port(), agentPort), Examples.haproxyFiles(), frontend)) {
            try (RunningAgent agent = agentKeepingTheMap(haproxy, agentPort)) {
                assertEquals(403, RawHttp.get(BANNED, frontend, "/").status());
                assertEquals(200, RawHttp.get(CAPTCHA, frontend, "/").status(), "the agent's captcha page");
                assertEquals(200, RawHttp.get(ALLOWED, frontend, "/").status());
            }
            int seen = backend.requests.size();

            RawHttp.Response banned = RawHttp.get(BANNED, frontend, "/private");
            assertEquals(403, banned.status(), banned.head() + haproxy.log());
            assertTrue(banned.body().contains("Access forbidden"), banned.body());
            assertEquals(403, RawHttp.get(IN_RANGE, frontend, "/").status(), "a range ban holds too");
            assertEquals(403, textClient(BANNED, frontend).status());
            RawHttp.Response captcha = RawHttp.get(CAPTCHA, frontend, "/shop");
            assertEquals(503, captcha.status(), captcha.head());
            assertTrue(captcha.body().contains("security check is temporarily unavailable"), captcha.body());
            assertTrue(captcha.head().toLowerCase(java.util.Locale.ROOT).contains("retry-after: 30"), captcha.head());
            RawHttp.Response captchaText = textClient(CAPTCHA, frontend);
            assertEquals(503, captchaText.status());
            assertEquals("Verification temporarily unavailable\n", captchaText.body());
            assertEquals(seen, backend.requests.size(), "neither the banned nor the captcha client reached the backend");

            RawHttp.Response allowed = RawHttp.get(ALLOWED, frontend, "/");
            assertEquals(200, allowed.status(), "an agent outage costs no availability");
            assertEquals("allow", backend.lastHeader("X-Crowdsec-Remediation"), "the backend is told what HAProxy decided");

            // HAProxy (re)started while the agent is down: the map file the agent wrote holds the decisions.
            Path onDisk = haproxy.dir().resolve("crowdsec-decisions.map");
            java.util.Map<String, String> files = new java.util.HashMap<>(Examples.haproxyFiles());
            files.put("crowdsec-decisions.map", Files.readString(onDisk));
            int frontend2 = Ports.free();
            try (Haproxy again = Haproxy.start(Examples.haproxyConfig(shipped, frontend2, backend.port(), agentPort), files, frontend2)) {
                assertEquals(403, RawHttp.get(BANNED, frontend2, "/").status(), again.log());
                assertEquals(503, RawHttp.get(CAPTCHA, frontend2, "/").status());
                assertEquals(200, RawHttp.get(ALLOWED, frontend2, "/").status());
            }
        }
    }

    @Test
    void failClosedAnswers503ToEveryRequestWithoutAVerdict() throws Exception {
        int agentPort = Ports.free();
        int frontend = Ports.free();
        try (RecordingBackend backend = new RecordingBackend()) {
            String closed = Examples.haproxyConfig("haproxy.cfg", frontend, backend.port(), agentPort);
            assertTrue(closed.contains("presetenv CROWDSEC_NO_VERDICT map"), "the shipped switch");
            closed = closed.replace("presetenv CROWDSEC_NO_VERDICT map", "presetenv CROWDSEC_NO_VERDICT closed");
            try (Haproxy haproxy = Haproxy.start(closed, Examples.haproxyFiles(), frontend)) {
                failClosed(haproxy, backend, agentPort, frontend);
            }
        }
    }

    private void failClosed(Haproxy haproxy, RecordingBackend backend, int agentPort, int frontend) throws Exception {
        try (RunningAgent agent = agentKeepingTheMap(haproxy, agentPort)) {
            assertEquals(200, RawHttp.get(ALLOWED, frontend, "/").status(), "with the agent up, as ever");
            assertEquals(403, RawHttp.get(BANNED, frontend, "/").status());
        }
        int seen = backend.requests.size();
        for (String client : new String[] {BANNED, CAPTCHA, ALLOWED}) {
            RawHttp.Response r = RawHttp.get(client, frontend, "/");
            assertEquals(503, r.status(), client + ": " + r.head());
            assertTrue(r.body().contains("security check is temporarily unavailable"), r.body());
        }
        assertEquals("Service temporarily unavailable\n", textClient(ALLOWED, frontend).body());
        assertEquals(seen, backend.requests.size(), "nothing unjudged reached the backend");
    }

    @Test
    void anUnknownPolicyIsRefusedByHaproxyCheck() throws Exception {
        String bad = Examples.haproxyConfig("haproxy.cfg", Ports.free(), Ports.free(), Ports.free())
                .replace("presetenv CROWDSEC_NO_VERDICT map", "presetenv CROWDSEC_NO_VERDICT open");
        AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> Haproxy.start(bad, Examples.haproxyFiles(), Ports.free()).close());
        assertTrue(refused.getMessage().contains("CROWDSEC_NO_VERDICT must be map or closed"), refused.getMessage());
    }
}
