package io.spoabouncer.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.app.testing.RawHttp;
import io.spoabouncer.app.testing.Stack;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Go bouncer's Lua way (examples/haproxy/haproxy-lua.cfg and lua/crowdsec.lua) with the same pages. */
class HaproxyLuaEndToEndTest {
    static final String BANNED = "127.0.0.66";
    static final String CAPTCHA = "127.0.0.77";

    @TempDir
    static Path tmp;
    static Stack stack;

    @BeforeAll
    static void start() throws Exception {
        Path ban = Files.writeString(tmp.resolve("ban.txt"), BANNED + "\n");
        Path captcha = Files.writeString(tmp.resolve("captcha.txt"), CAPTCHA + "\n");
        stack = Stack.start("haproxy-lua.cfg", "plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                + "decisions.file.files = [{path = \"" + ban + "\", type = ban}, {path = \"" + captcha + "\", type = captcha}]\n"
                + "http.hosts = [{host = \"*\", ban.contact-us-url = \"mailto:abuse@example.com\","
                + " captcha {provider = pow, signing-key = \"" + "k".repeat(32) + "\", pow.difficulty = 6}}]\n");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static RawHttp.Response get(String source, String accept, String cookie) throws Exception {
        return RawHttp.send(source, stack.frontend, "GET /page?a=1 HTTP/1.1\r\nHost: www.example.com\r\nAccept: " + accept + "\r\n"
                + (cookie == null ? "" : "Cookie: crowdsec_captcha_cookie=" + cookie + "\r\n") + "Connection: close\r\n\r\n");
    }

    @Test
    void banPageFromLua() throws Exception {
        RawHttp.Response r = get(BANNED, "text/html", null);
        assertEquals(403, r.status(), r.head() + stack.haproxy.log());
        assertTrue(r.body().contains("Access forbidden") && r.body().contains("mailto:abuse@example.com"), r.body());
        assertTrue(r.body().contains("IP: " + BANNED), r.body());
        assertTrue(r.head().toLowerCase().contains("cache-control: no-store"), r.head());
    }

    @Test
    void nonHtmlClientsGetPlainForbidden() throws Exception {
        for (String accept : new String[] {"application/json", "text/html;q=0, */*"}) {
            RawHttp.Response r = get(BANNED, accept, null);
            assertEquals(403, r.status());
            assertEquals("Forbidden\n", r.body(), accept);
            assertTrue(r.head().toLowerCase().contains("content-type: text/plain; charset=utf-8"), r.head());
        }
        assertEquals("Captcha required\n", get(CAPTCHA, "application/json", null).body());
    }

    @Test
    void captchaPageFromLua_andTheFlowCompletes() throws Exception {
        RawHttp.Response page = get(CAPTCHA, "text/html", null);
        assertEquals(200, page.status(), page.head() + stack.haproxy.log());
        Matcher c = Pattern.compile("var challenge = \"([^\"]+)\"").matcher(page.body());
        assertTrue(c.find(), page.body());
        Matcher cookie = Pattern.compile("(?im)^set-cookie: crowdsec_captcha_cookie=([^;\\r\\n]*)").matcher(page.head());
        assertTrue(cookie.find(), "the pending cookie rides on the Lua reply: " + page.head());
        String solution = CaptchaFlowEndToEndTest.solve(c.group(1));
        String form = "pow-response=" + URLEncoder.encode(solution, StandardCharsets.UTF_8);
        RawHttp.Response solved = RawHttp.send(CAPTCHA, stack.frontend, "POST /page?a=1 HTTP/1.1\r\nHost: www.example.com\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n"
                + "Cookie: crowdsec_captcha_cookie=" + cookie.group(1) + "\r\nConnection: close\r\n\r\n" + form);
        assertEquals(302, solved.status(), solved.head());
        Matcher passed = Pattern.compile("(?im)^set-cookie: crowdsec_captcha_cookie=([^;\\r\\n]*)").matcher(solved.head());
        assertTrue(passed.find());
        RawHttp.Response through = get(CAPTCHA, "text/html", passed.group(1));
        assertEquals(200, through.status());
        assertNotNull(stack.backend.lastHeader("X-Crowdsec-Remediation"));
        assertTrue(through.body().startsWith("hello from backend"), through.body());
    }
}
