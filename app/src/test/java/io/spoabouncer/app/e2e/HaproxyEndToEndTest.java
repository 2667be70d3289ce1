package io.spoabouncer.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.app.testing.Haproxy;
import io.spoabouncer.app.testing.RawHttp;
import io.spoabouncer.app.testing.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HAProxy (Debian's 2.6) with the shipped example config, the agent, and a backend; clients come
 * from different loopback addresses. Decisions come from the file source.
 */
class HaproxyEndToEndTest {
    static final String BANNED = "127.0.0.66";
    static final String CAPTCHA = "127.0.0.77";
    static final String ALLOWED = "127.0.0.10";

    @TempDir
    static Path tmp;
    static Stack stack;
    static Path banFile;

    @BeforeAll
    static void start() throws Exception {
        Haproxy.requireInstalled();
        banFile = tmp.resolve("ban.txt");
        Files.writeString(banFile, BANNED + "\n10.0.0.0/8\n");
        Files.writeString(tmp.resolve("captcha.txt"), CAPTCHA + "\n");
        stack = Stack.start("haproxy.cfg", "decisions.file.files = ["
                + "{path = \"" + banFile + "\", format = plain, type = ban},"
                + "{path = \"" + tmp.resolve("captcha.txt") + "\", format = plain, type = captcha}]\n"
                + "decisions.file.poll-interval = 100ms\n"
                + "http.hosts = [{host = \"evil.example\", ban.contact-us-url = \"https://help.example/?q=\\\"><script>alert(1)</script>\"},"
                + "{host = \"*\", ban.contact-us-url = \"mailto:abuse@example.com\","
                + " captcha {provider = pow, signing-key = \"" + "k".repeat(32) + "\", pow.difficulty = 4}}]\n"
                + "plugins.directory = \"" + tmp.resolve("no-plugins") + "\"\n");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * A local process floods the agent's SPOE port (HELLO, then NOTIFYs, never reading an ACK): HAProxy's
     * own connections are still answered within its timeout processing, so a banned client is still
     * refused (not let through by set-on-error) and an allowed one still passes.
     */
    @Test
    void aFloodOnTheAgentPortDoesNotOpenTheGate() throws Exception {
        try (io.spoabouncer.adapter.spoe.testing.Flooder flooder = new io.spoabouncer.adapter.spoe.testing.Flooder(stack.agent.port())) {
            assertTrue(flooder.flood(256L << 20, io.spoabouncer.adapter.spoe.testing.Flooder.PATIENCE, Duration.ofSeconds(2)), "the agent stopped reading the flooder");
            for (int i = 0; i < 10; i++) {
                assertEquals(403, RawHttp.get(BANNED, stack.frontend, "/during-flood-" + i).status(), "banned while the agent is flooded");
                assertEquals(200, RawHttp.get(ALLOWED, stack.frontend, "/during-flood-" + i).status());
            }
        }
    }

    @Test
    void healthCheckMarksTheAgentUp() throws Exception {
        assertEquals("L7OK", stack.haproxy.waitForCheckStatus("crowdsec-spoa", "agent1", "L7OK", Duration.ofSeconds(15)), stack.haproxy.log());
    }

    @Test
    void bannedSourceGetsTheBanPage() throws Exception {
        RawHttp.Response r = RawHttp.get(BANNED, stack.frontend, "/private");
        assertEquals(403, r.status(), r.head() + stack.haproxy.log());
        assertTrue(r.body().contains("Access forbidden"), r.body());
        assertTrue(r.body().contains("IP: " + BANNED), "the page is rendered by HAProxy: " + r.body());
        assertTrue(r.body().contains("<a href=\"mailto:abuse@example.com\">"), "the host's contact link: " + r.body());
        assertTrue(r.head().toLowerCase().contains("content-type: text/html; charset=utf-8"), r.head());
    }

    static RawHttp.Response withAccept(String source, String host, String accept) throws Exception {
        return RawHttp.send(source, stack.frontend, "GET /x HTTP/1.1\r\nHost: " + host + "\r\n" + (accept == null ? "" : "Accept: " + accept + "\r\n")
                + "Connection: close\r\n\r\n");
    }

    /** As the Go bouncer's #165: pages for browsers, a short text for API clients and for clients refusing HTML. */
    @Test
    void pagesOnlyForClientsThatTakeHtml() throws Exception {
        for (String accept : new String[] {"application/json", "text/html;q=0, application/json", "text/html; q=0.0"}) {
            RawHttp.Response ban = withAccept(BANNED, "example.com", accept);
            assertEquals(403, ban.status());
            assertEquals("Forbidden\n", ban.body(), accept);
            assertTrue(ban.head().toLowerCase().contains("content-type: text/plain; charset=utf-8"), ban.head());
            RawHttp.Response captcha = withAccept(CAPTCHA, "example.com", accept);
            assertEquals("Captcha required\n", captcha.body(), accept);
        }
        for (String accept : new String[] {null, "text/html,application/xhtml+xml;q=0.9", "*/*", "text/html;q=0.5"}) {
            assertTrue(withAccept(BANNED, "example.com", accept).body().contains("Access forbidden"), String.valueOf(accept));
        }
    }

    @Test
    void aHostileContactUrlIsEscapedNotExecuted() throws Exception {
        RawHttp.Response r = withAccept(BANNED, "evil.example", "text/html");
        assertEquals(403, r.status());
        assertTrue(!r.body().contains("<script>alert(1)"), r.body());
        assertTrue(r.body().contains("href=\"https://help.example/?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""), r.body());
    }

    @Test
    void captchaSourceGetsTheChallengePageAndAPendingCookie_notTheBackend() throws Exception {
        int before = stack.backend.requests.size();
        RawHttp.Response r = RawHttp.get(CAPTCHA, stack.frontend, "/c");
        assertEquals(200, r.status(), r.head());
        assertTrue(r.body().contains("Checking your browser"), r.body());
        assertTrue(r.body().contains("var provider = \"pow\""), r.body());
        assertTrue(r.head().toLowerCase().contains("set-cookie: crowdsec_captcha_cookie="), r.head());
        assertEquals(before, stack.backend.requests.size(), "the backend is not reached");
    }

    @Test
    void allowedSourceReachesTheBackendWithAllow() throws Exception {
        RawHttp.Response r = RawHttp.get(ALLOWED, stack.frontend, "/a");
        assertEquals(200, r.status(), r.head());
        assertTrue(r.body().startsWith("hello from backend /a"), r.body());
        assertEquals("allow", stack.backend.lastHeader("X-Crowdsec-Remediation"));
    }

    @Test
    void aDecisionWrittenToTheFileIsEnforcedThroughHaproxy() throws Exception {
        String source = "127.0.0.99";
        assertEquals(200, RawHttp.get(source, stack.frontend, "/before").status());
        Path next = tmp.resolve("ban.txt.new");
        Files.writeString(next, BANNED + "\n10.0.0.0/8\n" + source + "\n");
        Files.move(next, banFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> RawHttp.get(source, stack.frontend, "/after").status() == 403);
    }

    /**
     * The ban list rewritten in place by a slow writer (truncated, then left empty over several polls,
     * then written out): the agent waits for the file to settle, so HAProxy keeps refusing the banned
     * client all along instead of reading "no decisions" and letting it through.
     */
    @Test
    void aBanListRewrittenInPlaceNeverLetsTheBannedClientThrough() throws Exception {
        String content = Files.readString(banFile);
        try (java.nio.channels.FileChannel writer = java.nio.channels.FileChannel.open(banFile,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            try {
                // Five polls see the empty file; the settle time (1 s by default) is not over yet.
                long end = System.nanoTime() + Duration.ofMillis(500).toNanos();
                int asked = 0;
                while (System.nanoTime() - end < 0) {
                    assertEquals(403, RawHttp.get(BANNED, stack.frontend, "/while-rewritten-" + asked).status(),
                            "banned while its list is empty on disk, mid-rewrite");
                    asked++;
                }
                assertTrue(asked > 0);
            } finally {
                writer.write(java.nio.ByteBuffer.wrap(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        assertEquals(403, RawHttp.get(BANNED, stack.frontend, "/rewritten").status());
    }
}
