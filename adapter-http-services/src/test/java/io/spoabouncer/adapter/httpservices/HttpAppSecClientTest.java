package io.spoabouncer.adapter.httpservices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.adapter.httpservices.testing.FakeAppSec;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.AppSecPolicy;
import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.domain.request.ByteView;
import io.spoabouncer.domain.request.ClientRequest;
import io.spoabouncer.domain.request.RequestKind;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AppSec protocol against a loopback server that asserts every header it receives. */
class HttpAppSecClientTest {
    FakeAppSec appsec;
    final HttpAppSecClient client = new HttpAppSecClient(4);

    @BeforeEach
    void start() throws Exception {
        appsec = new FakeAppSec("the-key");
    }

    @AfterEach
    void stop() {
        appsec.close();
    }

    AppSecPolicy policy(String key, Remediation failure, long timeoutMillis) {
        return new AppSecPolicy(URI.create(appsec.url()), key, Duration.ofMillis(timeoutMillis), failure, false);
    }

    static void set(ByteView v, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, v.prepare(b.length), 0, b.length);
    }

    static ClientRequest request(String method, String url, String body) {
        ClientRequest r = new ClientRequest().reset(RequestKind.HTTP);
        IpAddress a = IpAddress.parse("203.0.113.9");
        r.setAddress(a.hi(), a.lo());
        set(r.method, method);
        set(r.url, url);
        set(r.version, "1.1");
        set(r.uniqueId, "tx-42");
        set(r.headers, "host: shop.example.com\r\nuser-agent: Mozilla/5.0 test\r\naccept: */*\r\ncontent-type: application/x-www-form-urlencoded\r\n"
                + "connection: keep-alive\r\n\r\n");
        if (body != null) {
            set(r.body, body);
        }
        return r;
    }

    Remediation check(AppSecPolicy p, ClientRequest r) throws Exception {
        return client.check(p, r).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aGetIsForwardedWithEveryAppSecHeader() throws Exception {
        assertEquals(Remediation.ALLOW, check(policy("the-key", Remediation.BAN, 2000), request("GET", "/products?id=7", null)));
        FakeAppSec.Call c = appsec.calls.get(0);
        assertEquals("GET", c.method());
        assertEquals("203.0.113.9", c.header("X-Crowdsec-Appsec-Ip"));
        assertEquals("/products?id=7", c.header("X-Crowdsec-Appsec-Uri"));
        assertEquals("shop.example.com", c.header("X-Crowdsec-Appsec-Host"));
        assertEquals("GET", c.header("X-Crowdsec-Appsec-Verb"));
        assertEquals("the-key", c.header("X-Crowdsec-Appsec-Api-Key"));
        assertEquals("Mozilla/5.0 test", c.header("X-Crowdsec-Appsec-User-Agent"));
        assertEquals("11", c.header("X-Crowdsec-Appsec-Http-Version"));
        assertEquals("tx-42", c.header("X-Crowdsec-Appsec-Transaction-Id"));
        assertEquals("Mozilla/5.0 test", c.header("User-Agent"), "the original headers go along");
        assertEquals("*/*", c.header("Accept"));
    }

    @Test
    void aBodyGoesAsPost_andA403BansOrCaptchas() throws Exception {
        assertEquals(Remediation.BAN, check(policy("the-key", Remediation.ALLOW, 2000), request("POST", "/comment", "text=<script>alert(1)</script>")));
        FakeAppSec.Call c = appsec.calls.get(0);
        assertEquals("POST", c.method());
        assertEquals("text=<script>alert(1)</script>", c.body());
        assertEquals("POST", c.header("X-Crowdsec-Appsec-Verb"));
        assertEquals(Remediation.CAPTCHA, check(policy("the-key", Remediation.ALLOW, 2000), request("GET", "/suspicious", null)));
    }

    @Test
    void a403IsNeverAPass_aChallengeWithItsPageIsAChallenge() throws Exception {
        var p = policy("the-key", Remediation.ALLOW, 2000);
        assertEquals(Remediation.CHALLENGE, check(p, request("GET", "/challenged/page", null)));
        assertEquals(Remediation.BAN, check(p, request("GET", "/emptychallenge", null)), "a challenge without a page");
        assertEquals(Remediation.BAN, check(p, request("GET", "/oddaction", null)), "an action we do not know");
        appsec.forcedStatus = 403;
        assertEquals(Remediation.BAN, check(p, request("GET", "/", null)), "an empty 403");
        assertEquals(Remediation.BAN, HttpAppSecClient.action("{\"action\":\"allow\"}"));
        assertEquals(Remediation.BAN, HttpAppSecClient.action("not json"));
        assertEquals(Remediation.CAPTCHA, HttpAppSecClient.action("{\"action\":\"captcha\"}"));
    }

    @Test
    void relayUnwrapsTheChallenge_andForwardsAPassAsItIs() throws Exception {
        var p = policy("the-key", Remediation.ALLOW, 2000);
        java.util.List<String[]> headers = java.util.List.of(new String[] {"Host", "shop.example"}, new String[] {"User-Agent", "test"},
                new String[] {"X-Forwarded-For", "6.6.6.6"}, new String[] {"X-Crowdsec-Real-Src", "6.6.6.6"});
        io.spoabouncer.ports.out.AppSecAnswer page = client.relay(p, new io.spoabouncer.ports.out.RelayedRequest("GET", "/challenged", "shop.example",
                "1.1", headers, new byte[0], "192.0.2.5")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(io.spoabouncer.ports.out.AppSecAnswer.Verdict.CHALLENGE, page.verdict());
        assertEquals(200, page.status());
        assertEquals(FakeAppSec.CHALLENGE_PAGE, new String(page.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(java.util.List.of("__crowdsec_challenge=pending; HttpOnly; Path=/; SameSite=Lax"), page.cookies());
        assertTrue(page.headers().stream().anyMatch(h -> h[0].equals("Content-Type") && h[1].equals("text/html")));
        FakeAppSec.Call c = appsec.calls.get(appsec.calls.size() - 1);
        assertEquals("192.0.2.5", c.header("X-Crowdsec-Appsec-Ip"), "the client HAProxy vouched for, nothing else");
        assertEquals(null, c.header("X-Forwarded-For"));
        assertEquals(null, c.header("X-Crowdsec-Real-Src"));
        io.spoabouncer.ports.out.AppSecAnswer solved = client.relay(p, new io.spoabouncer.ports.out.RelayedRequest("POST",
                "/crowdsec-internal/challenge/submit", "shop.example", "1.1", headers, "proof=42".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "192.0.2.5")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(io.spoabouncer.ports.out.AppSecAnswer.Verdict.ALLOW, solved.verdict());
        assertEquals(java.util.List.of(FakeAppSec.SOLVED_COOKIE + "; HttpOnly; Path=/; SameSite=Lax"), solved.cookies());
        assertEquals("{\"solved\":true}", new String(solved.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void failuresGiveTheFailureAction() throws Exception {
        assertEquals(Remediation.BAN, check(policy("wrong-key", Remediation.BAN, 2000), request("GET", "/", null)), "401");
        assertEquals(Remediation.ALLOW, check(policy("wrong-key", Remediation.ALLOW, 2000), request("GET", "/", null)), "401");
        appsec.forcedStatus = 500;
        assertEquals(Remediation.BAN, check(policy("the-key", Remediation.BAN, 2000), request("GET", "/", null)), "500");
        appsec.forcedStatus = 0;
        appsec.delayMillis = 1500;
        long t0 = System.nanoTime();
        assertEquals(Remediation.BAN, check(policy("the-key", Remediation.BAN, 300), request("GET", "/", null)), "timeout");
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 1200, "cut at the deadline");
        assertTrue(client.failures() >= 4);
    }

    /**
     * #28: an AppSec that accepts the connection and never answers (not a byte: a wedged WAF, a full backlog
     * behind a proxy). Each request gets the failure action at its deadline, the agent never waits longer, and
     * every one is counted; the requests do not pile up behind each other.
     */
    @Test
    void anAppSecThatAcceptsAndNeverAnswers_givesTheFailureActionAtTheDeadline() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never read, never answered
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            }, "silent-appsec");
            acceptor.setDaemon(true);
            acceptor.start();
            AppSecPolicy p = new AppSecPolicy(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"), "the-key", Duration.ofMillis(300),
                    Remediation.CAPTCHA, false);
            long before = client.failures();
            long t0 = System.nanoTime();
            var first = client.check(p, request("GET", "/", null)).toCompletableFuture();
            var second = client.check(p, request("POST", "/login", "user=x")).toCompletableFuture();
            assertEquals(Remediation.CAPTCHA, first.get(5, TimeUnit.SECONDS));
            assertEquals(Remediation.CAPTCHA, second.get(5, TimeUnit.SECONDS));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 300 && ms < 3000, "both answered at their deadline, side by side: " + ms + " ms");
            assertEquals(before + 2, client.failures(), "each counted (and logged: \"appsec ...: ...; answering captcha\")");
            assertTrue(!held.isEmpty(), "the connection was accepted");
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void overTheConcurrencyCapTheFailureActionIsImmediate() throws Exception {
        appsec.delayMillis = 800;
        HttpAppSecClient small = new HttpAppSecClient(1);
        var first = small.check(policy("the-key", Remediation.ALLOW, 2000), request("GET", "/", null)).toCompletableFuture();
        Remediation second = small.check(policy("the-key", Remediation.BAN, 2000), request("GET", "/", null)).toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertEquals(Remediation.BAN, second);
        assertEquals(Remediation.ALLOW, first.get(5, TimeUnit.SECONDS));
    }

    @Test
    void httpVersions() {
        assertEquals("11", HttpAppSecClient.httpVersion("1.1"));
        assertEquals("20", HttpAppSecClient.httpVersion("2.0"));
        assertEquals("20", HttpAppSecClient.httpVersion("2"));
        assertEquals("10", HttpAppSecClient.httpVersion("1.0"));
        assertEquals("11", HttpAppSecClient.httpVersion(""));
    }
}
