package io.spoabouncer.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.adapter.httpservices.testing.FakeAppSec;
import io.spoabouncer.app.testing.RawHttp;
import io.spoabouncer.app.testing.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Through real HAProxy: a POST whose body AppSec bans gets the ban page; clean requests reach the backend. */
class AppSecEndToEndTest {
    static final String CLIENT = "127.0.0.88";
    static final String CHALLENGE_DECISION = "127.0.0.89";
    static final String BANNED = "127.0.0.66";

    @TempDir
    static Path tmp;
    static FakeAppSec appsec;
    static Stack stack;

    @BeforeAll
    static void start() throws Exception {
        appsec = new FakeAppSec("lapi-key-for-appsec");
        Path ban = Files.writeString(tmp.resolve("ban.txt"), BANNED + "\n");
        Path challenge = Files.writeString(tmp.resolve("challenge.txt"), CHALLENGE_DECISION + "\n");
        stack = Stack.start("haproxy.cfg", "plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                + "decisions.file.files = [{path = \"" + ban + "\", type = ban}, {path = \"" + challenge + "\", type = challenge}]\n"
                + "decisions.http.api-key = lapi-key-for-appsec\n"
                + "http.appsec { url = \"" + appsec.url() + "\", timeout = 2s }\n"
                + "http.hosts = [{host = \"*\", captcha {provider = pow, signing-key = \"" + "k".repeat(32) + "\", pow.difficulty = 4}}]\n");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (appsec != null) {
            appsec.close();
        }
    }

    static RawHttp.Response post(String source, String path, String body) throws Exception {
        return RawHttp.send(source, stack.frontend, "POST " + path + " HTTP/1.1\r\nHost: shop.example.com\r\nUser-Agent: e2e\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    }

    @Test
    void aPostBodyThatAppSecBansGetsTheBanPage() throws Exception {
        RawHttp.Response r = post(CLIENT, "/comment", "text=<script>alert(1)</script>");
        assertEquals(403, r.status(), r.head());
        assertTrue(r.body().contains("Access forbidden"));
        FakeAppSec.Call call = appsec.calls.stream().filter(c -> c.body().contains("<script>")).findFirst().orElseThrow();
        assertEquals("POST", call.method());
        assertEquals(CLIENT, call.header("X-Crowdsec-Appsec-Ip"));
        assertEquals("/comment", call.header("X-Crowdsec-Appsec-Uri"));
        assertEquals("shop.example.com", call.header("X-Crowdsec-Appsec-Host"));
        assertEquals("lapi-key-for-appsec", call.header("X-Crowdsec-Appsec-Api-Key"), "defaults to the LAPI key");
    }

    /** No challenge listener here: whatever AppSec's 403 says, the visitor never reaches the backend. */
    @Test
    void a403IsNeverAPass_aChallengeWithoutAListenerIsABan() throws Exception {
        int before = stack.backend.requests.size();
        for (String path : new String[] {"/challenged/page", "/emptychallenge", "/oddaction"}) {
            RawHttp.Response r = RawHttp.send(CLIENT, stack.frontend, "GET " + path + " HTTP/1.1\r\nHost: shop.example.com\r\nConnection: close\r\n\r\n");
            assertEquals(403, r.status(), path + ": " + r.head());
            assertTrue(r.body().contains("Access forbidden"), path);
        }
        assertEquals(before, stack.backend.requests.size(), "nothing AppSec refused reached the backend");
    }

    /** A LAPI or file decision of type challenge has no AppSec page to serve: it is enforced as a ban. */
    @Test
    void aChallengeDecisionIsABan() throws Exception {
        RawHttp.Response r = RawHttp.send(CHALLENGE_DECISION, stack.frontend, "GET / HTTP/1.1\r\nHost: shop.example.com\r\nConnection: close\r\n\r\n");
        assertEquals(403, r.status(), r.head());
    }

    @Test
    void aCleanRequestReachesTheBackend() throws Exception {
        RawHttp.Response r = post(CLIENT, "/comment", "text=hello");
        assertEquals(200, r.status(), r.head());
        assertEquals("allow", stack.backend.lastHeader("X-Crowdsec-Remediation"));
    }

    @Test
    void anAppSecCaptchaFollowsTheCaptchaFlow() throws Exception {
        RawHttp.Response r = RawHttp.send(CLIENT, stack.frontend, "GET /suspicious HTTP/1.1\r\nHost: shop.example.com\r\nConnection: close\r\n\r\n");
        assertEquals(200, r.status());
        assertTrue(r.body().contains("Checking your browser"), r.body());
        assertTrue(r.head().toLowerCase().contains("set-cookie: crowdsec_captcha_cookie="));
    }

    @Test
    void requestsAlreadyBannedAreNotForwarded() throws Exception {
        int before = appsec.calls.size();
        RawHttp.Response r = RawHttp.send(BANNED, stack.frontend, "GET /x HTTP/1.1\r\nHost: shop.example.com\r\nConnection: close\r\n\r\n");
        assertEquals(403, r.status());
        assertEquals(before, appsec.calls.size());
    }
}
