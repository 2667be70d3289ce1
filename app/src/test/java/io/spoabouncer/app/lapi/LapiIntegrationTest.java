package io.spoabouncer.app.lapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.adapter.decisions.http.HttpDecisionSource;
import io.spoabouncer.app.testing.Examples;
import io.spoabouncer.app.testing.Haproxy;
import io.spoabouncer.app.testing.Lapi;
import io.spoabouncer.app.testing.Ports;
import io.spoabouncer.app.testing.RawHttp;
import io.spoabouncer.app.testing.RecordingBackend;
import io.spoabouncer.app.testing.RunningAgent;
import io.spoabouncer.app.testing.SpopClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent fed by a real LAPI (Debian's crowdsec 1.4.6), decisions made with the real cscli, answers
 * read through the SPOE port. Update frequency 1 s: every change must show within 2 s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LapiIntegrationTest {
    @TempDir
    static Path tmp;
    static Lapi lapi;

    @BeforeAll
    static void startLapi() throws Exception {
        lapi = Lapi.start(tmp.resolve("crowdsec"));
    }

    @AfterAll
    static void stopLapi() {
        if (lapi != null) {
            lapi.close();
        }
    }

    static RunningAgent agent(String key) {
        return new RunningAgent("plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                + "decisions.sources = [http]\n"
                + "decisions.http { api-url = \"" + lapi.url() + "\", api-key = \"" + key + "\", update-frequency = 1s,\n"
                + "  retry { initial = 200ms, max = 1s }, snapshot { path = \"" + tmp.resolve("snapshot.json") + "\", interval = 1s } }\n");
    }

    static HttpDecisionSource source(RunningAgent a) {
        return (HttpDecisionSource) a.agent.sources().get(0);
    }

    /** Polls until {@code condition} holds: a behaviour check with a generous deadline, not a timing one. */
    static void within(long millis, Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(Math.max(millis, 20_000)))
                .pollInterval(java.time.Duration.ofMillis(50)).until(condition);
    }

    static String remediation(SpopClient c, String ip) throws Exception {
        return (String) c.checkIp(ip).get("remediation");
    }

    @Test
    @Order(1)
    void decisionsAddedWithCscliAreAnsweredWithinUpdateFrequencyPlusASecond() throws Exception {
        try (RunningAgent agent = agent(Lapi.KEY); SpopClient c = new SpopClient(agent.port())) {
            within(5000, () -> source(agent).pulls() > 0);
            assertEquals("allow", remediation(c, "203.0.113.10"));
            lapi.cscli("decisions", "add", "--ip", "203.0.113.10", "--duration", "1h", "--type", "ban");
            lapi.cscli("decisions", "add", "--range", "198.51.100.0/24", "--duration", "1h", "--type", "ban");
            lapi.cscli("decisions", "add", "--ip", "2001:DB8:0:0::bad", "--duration", "1h", "--type", "ban");
            lapi.cscli("decisions", "add", "--ip", "203.0.113.20", "--duration", "1h", "--type", "captcha");
            within(2000, () -> "ban".equals(remediation(c, "203.0.113.10")));
            within(2000, () -> "ban".equals(remediation(c, "198.51.100.77")));
            within(2000, () -> "ban".equals(remediation(c, "2001:db8::bad")));
            within(2000, () -> "captcha".equals(remediation(c, "203.0.113.20")));

            lapi.cscli("decisions", "delete", "--ip", "203.0.113.10");
            lapi.cscli("decisions", "delete", "--range", "198.51.100.0/24");
            within(2000, () -> "allow".equals(remediation(c, "203.0.113.10")));
            within(2000, () -> "allow".equals(remediation(c, "198.51.100.77")));
            assertEquals("ban", remediation(c, "2001:db8::bad"));
        }
    }

    @Test
    @Order(2)
    void lapiDownMidRun_decisionsStayEnforced_andDeltasResume() throws Exception {
        try (RunningAgent agent = agent(Lapi.KEY); SpopClient c = new SpopClient(agent.port())) {
            within(5000, () -> "ban".equals(remediation(c, "2001:db8::bad")));
            lapi.stop();
            within(5000, () -> source(agent).lastError() != null);
            assertEquals("ban", remediation(c, "2001:db8::bad"), "enforced while LAPI is down");
            assertEquals("captcha", remediation(c, "203.0.113.20"));
            lapi.resume();
            lapi.cscli("decisions", "add", "--ip", "203.0.113.30", "--duration", "1h", "--type", "ban");
            within(5000, () -> "ban".equals(remediation(c, "203.0.113.30")));
            assertEquals(null, source(agent).lastError());
        }
    }

    @Test
    @Order(3)
    void restartedWhileLapiIsDown_theSnapshotIsEnforcedAtOnce() throws Exception {
        try (RunningAgent agent = agent(Lapi.KEY)) {
            within(5000, () -> source(agent).pulls() > 0 && agent.agent.store().size() >= 3);
        } // stop writes the snapshot
        lapi.stop();
        try (RunningAgent agent = agent(Lapi.KEY); SpopClient c = new SpopClient(agent.port())) {
            assertEquals("ban", remediation(c, "203.0.113.30"));
            assertEquals("ban", remediation(c, "2001:db8::bad"));
            assertEquals("captcha", remediation(c, "203.0.113.20"));
            assertTrue(agent.agent.sources().get(0).isLoaded());
        } finally {
            lapi.resume();
        }
    }

    @Test
    @Order(5)
    void throughRealHaproxy_aCscliBanBecomesA403() throws Exception {
        String client = "127.0.0.55";
        try (RunningAgent agent = agent(Lapi.KEY); RecordingBackend backend = new RecordingBackend()) {
            int frontend = Ports.free();
            try (Haproxy haproxy = Haproxy.start(Examples.haproxyConfig("haproxy.cfg", frontend, backend.port(), agent.port()),
                    Examples.haproxyFiles(), frontend)) {
                within(5000, () -> source(agent).pulls() > 0);
                assertEquals(200, RawHttp.get(client, frontend, "/").status());
                lapi.cscli("decisions", "add", "--ip", client, "--duration", "1h", "--type", "ban");
                within(2000, () -> RawHttp.get(client, frontend, "/").status() == 403);
                lapi.cscli("decisions", "delete", "--ip", client);
                within(2000, () -> RawHttp.get(client, frontend, "/").status() == 200);
            }
        }
    }

    @Test
    @Order(4)
    void aWrongKeyGivesTheClearError() throws Exception {
        try (RunningAgent agent = agent("not-the-key")) {
            within(5000, () -> source(agent).lastError() != null);
            String error = source(agent).lastError();
            assertTrue(error.contains("refused the API key (HTTP 403 access forbidden)"), error);
        }
    }
}
