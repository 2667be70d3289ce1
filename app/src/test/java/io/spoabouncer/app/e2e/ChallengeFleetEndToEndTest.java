package io.spoabouncer.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.adapter.httpservices.testing.FakeAppSec;
import io.spoabouncer.app.testing.Examples;
import io.spoabouncer.app.testing.Haproxy;
import io.spoabouncer.app.testing.Ports;
import io.spoabouncer.app.testing.RawHttp;
import io.spoabouncer.app.testing.RecordingBackend;
import io.spoabouncer.app.testing.RunningAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AppSec's browser challenge through Debian's HAProxy 2.6 and the shipped haproxy.cfg, with two agents
 * behind it and both agent backends (SPOE and challenge) balanced round robin on their own: no pinning.
 * AppSec is a loopback stand-in speaking the documented challenge envelope (FakeAppSec; CrowdSec 1.4.6 has
 * no AppSec).
 */
class ChallengeFleetEndToEndTest {
    static final String CLIENT = "127.0.0.50";
    static final String OTHER = "127.0.0.51";
    static final Pattern ASSET = Pattern.compile("src=\"(/crowdsec-internal/challenge/[^\"]+/pow-worker\\.js)\"");
    static final Pattern SUBMIT = Pattern.compile("action=\"(/crowdsec-internal/challenge/[^\"]+/submit)\"");

    @TempDir
    static Path tmp;
    static FakeAppSec appsec;
    static RunningAgent a;
    static RunningAgent b;
    static RecordingBackend backend;
    static Haproxy haproxy;
    static int frontend;

    static RunningAgent agent(int challengePort) throws Exception {
        return new RunningAgent("plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                + "decisions.file.files = [{path = \"" + tmp.resolve("ban.txt") + "\", type = ban}]\n"
                + "decisions.http.api-key = the-key\n"
                + "http.appsec { url = \"" + appsec.url() + "\", timeout = 2s }\n"
                + "http.challenge { listen = \"127.0.0.1:" + challengePort + "\", signing-key = \"fleet-wide-challenge-key-0123456789\" }\n");
    }

    @BeforeAll
    static void start() throws Exception {
        Haproxy.requireInstalled();
        Files.writeString(tmp.resolve("ban.txt"), "127.0.0.66\n");
        appsec = new FakeAppSec("the-key");
        int[] challengePorts = {Ports.free(), Ports.free()};
        a = agent(challengePorts[0]);
        b = agent(challengePorts[1]);
        backend = new RecordingBackend();
        frontend = Ports.free();
        haproxy = Haproxy.start(Examples.haproxyFleetConfig("haproxy.cfg", frontend, backend.port(), new int[] {a.port(), b.port()}, challengePorts),
                Examples.haproxyFiles(), frontend);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {haproxy, backend, a, b, appsec}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    static RawHttp.Response get(String source, String path, String cookie) throws Exception {
        return RawHttp.send(source, frontend, "GET " + path + " HTTP/1.1\r\nHost: shop.example.com\r\nUser-Agent: e2e\r\n"
                + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "Connection: close\r\n\r\n");
    }

    static String find(Pattern p, String body) {
        Matcher m = p.matcher(body);
        assertTrue(m.find(), body);
        return m.group(1);
    }

    @Test
    void aBrowserSolvesTheChallengeWhicheverAgentsAnswer() throws Exception {
        for (int round = 0; round < 4; round++) {
            String path = "/challenged/home?round=" + round;
            RawHttp.Response page = get(CLIENT, path, null);
            assertEquals(200, page.status(), page.head() + "\n" + page.body());
            assertTrue(page.body().contains("Checking your browser (AppSec)"), page.body());
            assertTrue(page.head().contains("__crowdsec_challenge=pending"), page.head());
            String asset = find(ASSET, page.body());
            String submit = find(SUBMIT, page.body());

            RawHttp.Response js = get(CLIENT, asset, "__crowdsec_challenge=pending");
            assertEquals(200, js.status(), js.head());
            assertEquals(FakeAppSec.CHALLENGE_SCRIPT.replace("/crowdsec-internal/challenge/", asset.substring(0, asset.lastIndexOf('/') + 1)), js.body(),
                    "the script's own URLs carry the token too");

            RawHttp.Response solved = RawHttp.send(CLIENT, frontend, "POST " + submit + " HTTP/1.1\r\nHost: shop.example.com\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nCookie: __crowdsec_challenge=pending\r\nContent-Length: 8\r\n"
                    + "Connection: close\r\n\r\nproof=42");
            assertEquals(200, solved.status(), solved.head());
            assertTrue(solved.head().toLowerCase(java.util.Locale.ROOT).contains("set-cookie: " + FakeAppSec.SOLVED_COOKIE), "AppSec's proof cookie comes back: " + solved.head());

            int before = backend.requests.size();
            RawHttp.Response app = get(CLIENT, path, FakeAppSec.SOLVED_COOKIE);
            assertEquals(200, app.status(), app.head());
            assertEquals(before + 1, backend.requests.size(), "the solved client reaches the application");
        }
        // Both agents answered SPOE and both served challenge traffic: nothing had to be pinned.
        for (String server : new String[] {"challenge1", "challenge2"}) {
            assertTrue(Integer.parseInt(haproxy.stat("crowdsec-challenge", server, "stot")) > 0, server + " served nothing");
        }
    }

    @Test
    void aTokenIsOnlyForItsClient_andATamperedOneIsUnknown() throws Exception {
        RawHttp.Response page = get(CLIENT, "/challenged/mine", null);
        String asset = find(ASSET, page.body());
        assertEquals(403, get(OTHER, asset, null).status(), "another client cannot use it");
        String tampered = asset.replaceFirst("/challenge/([^/]+)/", "/challenge/$1x/");
        assertEquals(404, get(CLIENT, tampered, null).status());
        assertEquals(404, get(CLIENT, "/crowdsec-internal/challenge/pow-worker.js", null).status(), "no token");
    }

    @Test
    void anAddressBannedMeanwhileCannotUseItsToken() throws Exception {
        String late = "127.0.0.52";
        String asset = find(ASSET, get(late, "/challenged/late", null).body());
        Files.writeString(tmp.resolve("ban.txt"), "127.0.0.66\n" + late + "\n");
        io.spoabouncer.domain.ip.IpAddress addr = io.spoabouncer.domain.ip.IpAddress.parse(late);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                a.agent.store().lookup(addr.hi(), addr.lo(), 0, -1) != null && b.agent.store().lookup(addr.hi(), addr.lo(), 0, -1) != null);
        for (int i = 0; i < 4; i++) {
            assertEquals(403, get(late, asset, null).status(), "every agent refuses the relay to a banned address");
        }
    }

    /** Debian's Chromium: the page loads, its script runs and submits the proof, the cookie is set, the retry reaches the backend. */
    @Test
    void chromiumSolvesTheChallenge() throws Exception {
        org.openqa.selenium.chrome.ChromeDriver browser = io.spoabouncer.app.testing.Browser.start(tmp.resolve("chromium-profile"));
        try {
            int before = backend.requests.size();
            browser.get("http://shop.localhost:" + frontend + "/challenged/welcome?x=1");
            new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(30))
                    .until(d -> d.getPageSource().contains("hello from backend /challenged/welcome?x=1"));
            assertEquals("http://shop.localhost:" + frontend + "/challenged/welcome?x=1", browser.getCurrentUrl(), "served on the URL asked for");
            org.openqa.selenium.Cookie proof = browser.manage().getCookieNamed("__crowdsec_challenge");
            assertEquals("solved", proof.getValue(), "AppSec's proof cookie reached the browser");
            assertTrue(backend.requests.size() > before);
        } finally {
            browser.quit();
        }
    }
}
