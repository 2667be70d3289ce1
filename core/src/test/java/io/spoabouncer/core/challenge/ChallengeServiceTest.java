package io.spoabouncer.core.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.core.remediation.RemediationService;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.AppSecPolicy;
import io.spoabouncer.domain.http.ChallengeToken;
import io.spoabouncer.domain.request.ClientRequest;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.in.ChallengeRelay;
import io.spoabouncer.ports.out.AppSecAnswer;
import io.spoabouncer.ports.out.AppSecClient;
import io.spoabouncer.ports.out.GeoLocator;
import io.spoabouncer.ports.out.NoopAgentMetrics;
import io.spoabouncer.ports.out.RelayedRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ChallengeServiceTest {
    static final byte[] KEY = "challenge-key-shared-by-the-fleet-0123".getBytes(StandardCharsets.UTF_8);
    static final long NOW = 1_700_000_000L;
    final DecisionStore store = new DecisionStore();
    final List<RelayedRequest> relayed = new ArrayList<>();
    AppSecAnswer next = new AppSecAnswer(AppSecAnswer.Verdict.CHALLENGE, 200, List.<String[]>of(new String[] {"Content-Type", "text/html"}),
            List.of("c=1"), "<script src=\"/crowdsec-internal/challenge/a.js\"></script>".getBytes(StandardCharsets.UTF_8));

    final AppSecClient appsec = new AppSecClient() {
        @Override
        public CompletionStage<Remediation> check(AppSecPolicy policy, ClientRequest request) {
            throw new AssertionError();
        }

        @Override
        public CompletionStage<AppSecAnswer> relay(AppSecPolicy policy, RelayedRequest request) {
            relayed.add(request);
            return CompletableFuture.completedFuture(next);
        }
    };
    final ChallengeService service = new ChallengeService(new ChallengeSettings(true, KEY, Duration.ofMinutes(5)),
            new RemediationService(store, GeoLocator.NONE, new NoopAgentMetrics()), appsec, List.of(),
            new AppSecPolicy(URI.create("http://127.0.0.1:7422/"), "k", Duration.ofMillis(200), Remediation.ALLOW, false), new NoopAgentMetrics(),
            () -> NOW * 1000);

    static String token(String ip) {
        return new ChallengeToken(ip, ChallengeIssuer.GLOBAL_POLICY, "/shop?id=3", NOW + 60).sign(KEY);
    }

    ChallengeRelay.Reply handle(String path, String realSrc) throws Exception {
        return service.handle(new ChallengeRelay.Request("GET", path, null, "1.1", List.<String[]>of(new String[] {"Host", "shop"}), new byte[0], realSrc))
                .toCompletableFuture().get();
    }

    @Test
    void thePageIsAskedForTheChallengedUrl_itsInternalUrlsCarryTheToken() throws Exception {
        String t = token("192.0.2.5");
        ChallengeRelay.Reply r = handle("/crowdsec-challenge/" + t, "192.0.2.5");
        assertEquals(200, r.status());
        assertEquals("/shop?id=3", relayed.get(0).uri());
        assertEquals("192.0.2.5", relayed.get(0).clientIp());
        assertEquals("<script src=\"/crowdsec-internal/challenge/" + t + "/a.js\"></script>", new String(r.body(), StandardCharsets.UTF_8));
        assertTrue(r.headers().stream().anyMatch(h -> h[0].equals("Set-Cookie") && h[1].equals("c=1")));
    }

    @Test
    void followUpsAreRelayedWithoutTheToken_aPassGoesBackAsIs() throws Exception {
        next = new AppSecAnswer(AppSecAnswer.Verdict.ALLOW, 200, List.of(), List.of("proof=ok"), "{}".getBytes(StandardCharsets.UTF_8));
        ChallengeRelay.Reply r = handle("/crowdsec-internal/challenge/" + token("192.0.2.5") + "/submit", "192.0.2.5");
        assertEquals("/crowdsec-internal/challenge/submit", relayed.get(0).uri());
        assertEquals(200, r.status());
        assertTrue(r.headers().stream().anyMatch(h -> h[0].equals("Set-Cookie") && h[1].equals("proof=ok")));
        next = AppSecAnswer.blocked();
        assertEquals(403, handle("/crowdsec-internal/challenge/" + token("192.0.2.5") + "/submit", "192.0.2.5").status());
        next = AppSecAnswer.failed();
        assertEquals(500, handle("/crowdsec-internal/challenge/" + token("192.0.2.5") + "/submit", "192.0.2.5").status());
    }

    @Test
    void withoutAValidTokenForThisClientAppSecIsNotAsked() throws Exception {
        assertEquals(404, handle("/crowdsec-internal/challenge/a.js", "192.0.2.5").status(), "no token");
        assertEquals(404, handle("/crowdsec-challenge/forged.token", "192.0.2.5").status());
        String expired = new ChallengeToken("192.0.2.5", "", "/", NOW - 1).sign(KEY);
        assertEquals(404, handle("/crowdsec-challenge/" + expired, "192.0.2.5").status());
        assertEquals(403, handle("/crowdsec-challenge/" + token("192.0.2.5"), "192.0.2.6").status(), "another client");
        assertEquals(403, handle("/crowdsec-challenge/" + token("192.0.2.5"), null).status(), "no X-Crowdsec-Real-Src");
        assertEquals(404, handle("/elsewhere", "192.0.2.5").status());
        store.apply("t", List.of(new DecisionFactory().create("Ip", "192.0.2.5", "ban", "cscli", "", Decision.NEVER_EXPIRES, "t")), List.of());
        assertEquals(403, handle("/crowdsec-challenge/" + token("192.0.2.5"), "192.0.2.5").status(), "banned since");
        assertEquals(0, relayed.size());
    }

    @Test
    void withoutAListenerAChallengeIsABan() {
        io.spoabouncer.domain.request.Verdict v = new io.spoabouncer.domain.request.Verdict();
        v.decide(Remediation.CHALLENGE, null);
        new ChallengeIssuer(ChallengeSettings.OFF, new NoopAgentMetrics(), () -> NOW * 1000).issue(new ClientRequest(), v, null);
        assertEquals(Remediation.BAN, v.remediation());
    }
}
