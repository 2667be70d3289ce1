package io.spoabouncer.app.lapi;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.adapter.decisions.http.HttpDecisionSource;
import io.spoabouncer.app.testing.Lapi;
import io.spoabouncer.app.testing.RunningAgent;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.ip.IpAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two agents with the same API key against Debian's crowdsec 1.4.6 (one last_pull per key): each takes
 * part of the other's deltas, notices it, recovers with full pulls, and holds every decision.
 */
class SharedKeyIntegrationTest {
    @TempDir
    Path tmp;

    static RunningAgent agent(Lapi lapi, Path tmp, String name) {
        return new RunningAgent("plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                + "decisions.sources = [http]\n"
                + "decisions.http { api-url = \"" + lapi.url() + "\", api-key = \"" + Lapi.KEY + "\", update-frequency = 1s,\n"
                + "  retry { initial = 200ms, max = 1s }, snapshot.path = \"\" }\n"); // shared-key: the defaults
    }

    static boolean holdsAll(RunningAgent a, List<String> ips) {
        for (String ip : ips) {
            IpAddress addr = IpAddress.parse(ip);
            var d = a.agent.store().lookup(addr.hi(), addr.lo(), 0, -1);
            if (d == null || d.type() != Remediation.BAN) {
                return false;
            }
        }
        return true;
    }

    static long held(RunningAgent a, List<String> ips) {
        return ips.stream().filter(ip -> holdsAll(a, List.of(ip))).count();
    }

    @Test
    void twoAgentsSharingAKeyEachHoldEveryDecision_andSayWhy() throws Exception {
        try (Lapi lapi = Lapi.start(tmp.resolve("crowdsec"));
             RunningAgent a = agent(lapi, tmp, "a");
             RunningAgent b = agent(lapi, tmp, "b")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> a.agent.sources().get(0).isLoaded() && b.agent.sources().get(0).isLoaded());
            List<String> ips = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            for (int i = 1; i <= 20; i++) {
                String ip = "203.0.113." + (100 + i);
                lapi.cscli("decisions", "add", "--ip", ip, "--duration", "1h", "--type", "ban");
                ips.add(ip);
                long left = (end - System.nanoTime()) / (21 - i);
                if (left > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(left); // spread the 20 bans over about 6 s, as an operator would
                }
            }
            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> holdsAll(a, ips) && holdsAll(b, ips));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("a holds " + held(a, ips) + ", b holds " + held(b, ips) + " of " + ips.size() + "; noticed: "
                        + ((HttpDecisionSource) a.agent.sources().get(0)).sharedKeyNoticed() + "/" + ((HttpDecisionSource) b.agent.sources().get(0)).sharedKeyNoticed(), e);
            }
            boolean noticed = ((HttpDecisionSource) a.agent.sources().get(0)).sharedKeyNoticed()
                    || ((HttpDecisionSource) b.agent.sources().get(0)).sharedKeyNoticed();
            assertTrue(noticed, "an agent that lost deltas to the other says so");
        }
    }
}
