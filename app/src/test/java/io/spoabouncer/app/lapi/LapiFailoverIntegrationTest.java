package io.spoabouncer.app.lapi;

import static org.awaitility.Awaitility.await;

import io.spoabouncer.app.testing.Lapi;
import io.spoabouncer.app.testing.RunningAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code api-url} as a list: two real LAPIs (Debian's crowdsec 1.4.6; two databases holding the same
 * decisions, as 1.4.6 runs one SQLite database per LAPI here), the first killed mid-run: the agent moves to
 * the second, resyncs with its full list, and keeps enforcing.
 */
class LapiFailoverIntegrationTest {
    @TempDir
    Path tmp;

    @Test
    void theAgentMovesToTheNextLapiAndResyncs() throws Exception {
        try (Lapi first = Lapi.start(tmp.resolve("lapi-1")); Lapi second = Lapi.start(tmp.resolve("lapi-2"))) {
            for (Lapi l : List.of(first, second)) {
                l.cscli("decisions", "add", "--ip", "203.0.113.60", "--duration", "1h", "--type", "ban");
            }
            try (RunningAgent agent = new RunningAgent("plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                    + "decisions.sources = [http]\n"
                    + "decisions.http { api-url = [\"" + first.url() + "\", \"" + second.url() + "\"], api-key = \"" + Lapi.KEY + "\",\n"
                    + "  update-frequency = 1s, retry { initial = 200ms, max = 1s }, snapshot.path = \"\" }\n")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> SharedKeyIntegrationTest.holdsAll(agent, List.of("203.0.113.60")));
                first.stop();
                // Only the second LAPI gets the new decision: it reaches the agent only through the switch.
                second.cscli("decisions", "add", "--ip", "203.0.113.61", "--duration", "1h", "--type", "ban");
                await().atMost(Duration.ofSeconds(30)).until(() -> SharedKeyIntegrationTest.holdsAll(agent, List.of("203.0.113.60", "203.0.113.61")));
            }
        }
    }
}
