package io.spoabouncer.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.spoabouncer.app.testing.Ports;
import io.spoabouncer.app.testing.RawHttp;
import io.spoabouncer.app.testing.Stack;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The captcha flow through real HAProxy with the shipped pages: the proof-of-work solved by the test,
 * and hCaptcha against a loopback server speaking its documented siteverify API (the real one cannot be
 * reached offline). Pending cookie → submission → 302 to the original URL with the passed cookie → backend.
 */
class CaptchaFlowEndToEndTest {
    static final String CLIENT = "127.0.0.77";
    static final String SIGNING_KEY = "0123456789abcdef0123456789abcdef";

    @TempDir
    static Path tmp;
    static Stack stack;
    static HttpServer hcaptcha;
    static final List<String> verifyCalls = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        hcaptcha = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hcaptcha.createContext("/siteverify", ex -> {
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            verifyCalls.add(form);
            boolean ok = form.contains("secret=hc-secret") && form.contains("response=good-token");
            byte[] body = ("{\"success\":" + ok + ",\"error-codes\":" + (ok ? "[]" : "[\"invalid-input-response\"]") + "}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        hcaptcha.start();
        Path captcha = Files.writeString(tmp.resolve("captcha.txt"), CLIENT + "\n");
        String verifyUrl = "http://127.0.0.1:" + hcaptcha.getAddress().getPort() + "/siteverify";
        stack = Stack.start("haproxy.cfg", "plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                + "decisions.file.files = [{path = \"" + captcha + "\", type = captcha}]\n"
                + "http.hosts = [\n"
                + " {host = \"pow.test\", captcha {provider = pow, signing-key = \"" + SIGNING_KEY + "\", pow.difficulty = 10}}\n"
                + " {host = \"hc.test\", captcha {provider = hcaptcha, site-key = hc-site, secret-key = hc-secret, signing-key = \"" + SIGNING_KEY
                + "\", verify-url = \"" + verifyUrl + "\", timeout = 2s}}\n"
                + " {host = \"down.test\", captcha {provider = turnstile, site-key = s, secret-key = x, signing-key = \"" + SIGNING_KEY
                + "\", verify-url = \"http://127.0.0.1:" + Ports.free() + "/nothing\", timeout = 1s}}\n"
                + "]\n");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (hcaptcha != null) {
            hcaptcha.stop(0);
        }
    }

    static RawHttp.Response get(String host, String path, String cookie) throws Exception {
        return RawHttp.send(CLIENT, stack.frontend, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/html\r\n"
                + (cookie == null ? "" : "Cookie: crowdsec_captcha_cookie=" + cookie + "\r\n") + "Connection: close\r\n\r\n");
    }

    static RawHttp.Response post(String host, String path, String cookie, String form) throws Exception {
        return RawHttp.send(CLIENT, stack.frontend, "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n"
                + (cookie == null ? "" : "Cookie: crowdsec_captcha_cookie=" + cookie + "\r\n") + "Connection: close\r\n\r\n" + form);
    }

    static String cookie(RawHttp.Response r) {
        Matcher m = Pattern.compile("(?im)^set-cookie: crowdsec_captcha_cookie=([^;\\r\\n]*)").matcher(r.head());
        return m.find() ? m.group(1) : null;
    }

    static String header(RawHttp.Response r, String name) {
        Matcher m = Pattern.compile("(?im)^" + name + ": ([^\\r\\n]*)").matcher(r.head());
        return m.find() ? m.group(1) : null;
    }

    static String solve(String challenge) throws Exception {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(challenge.split("\\.")[0]), StandardCharsets.UTF_8);
        int difficulty = Integer.parseInt(payload.split("\\|")[4]);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (long nonce = 0; ; nonce++) {
            byte[] h = sha.digest((challenge + ":" + nonce).getBytes(StandardCharsets.US_ASCII));
            int bits = 0;
            for (byte b : h) {
                if (b == 0) {
                    bits += 8;
                    continue;
                }
                bits += Integer.numberOfLeadingZeros(b & 0xff) - 24;
                break;
            }
            if (bits >= difficulty) {
                return challenge + ":" + nonce;
            }
        }
    }

    @Test
    void proofOfWork_pendingThenSolvedThenPassed_andATamperedCookieBringsTheChallengeBack() throws Exception {
        RawHttp.Response page = get("pow.test", "/shop?item=42", null);
        assertEquals(200, page.status(), page.head());
        String pending = cookie(page);
        assertNotNull(pending, page.head());
        Matcher m = Pattern.compile("var challenge = \"([^\"]+)\"").matcher(page.body());
        assertTrue(m.find(), page.body());
        String solution = solve(m.group(1));

        RawHttp.Response solved = post("pow.test", "/shop?item=42", pending, "pow-response=" + URLEncoder.encode(solution, StandardCharsets.UTF_8));
        assertEquals(302, solved.status(), solved.head());
        assertEquals("/shop?item=42", header(solved, "location"), "back to the URL asked for");
        String passed = cookie(solved);
        assertNotNull(passed);

        int before = stack.backend.requests.size();
        RawHttp.Response through = get("pow.test", "/shop?item=42", passed);
        assertEquals(200, through.status(), through.head());
        assertEquals(before + 1, stack.backend.requests.size());
        assertEquals("allow", stack.backend.lastHeader("X-Crowdsec-Remediation"));

        String tampered = passed.substring(0, passed.length() - 2) + (passed.endsWith("A") ? "BB" : "AA");
        RawHttp.Response again = get("pow.test", "/shop?item=42", tampered);
        assertEquals(200, again.status());
        assertTrue(again.body().contains("Checking your browser"), "the challenge is back");

        // The cookie is bound to its host: pow.test's cookie does not pass on hc.test.
        RawHttp.Response otherHost = get("hc.test", "/", passed);
        assertTrue(otherHost.body().contains("Checking your browser"), otherHost.head());

        // A wrong solution is refused.
        RawHttp.Response wrong = post("pow.test", "/shop", pending, "pow-response=" + URLEncoder.encode(m.group(1) + ":1", StandardCharsets.UTF_8));
        assertEquals(200, wrong.status());
        assertTrue(wrong.body().contains("Checking your browser"));
    }

    @Test
    void hcaptcha_verifiedAgainstTheProvidersApi() throws Exception {
        RawHttp.Response page = get("hc.test", "/login", null);
        assertTrue(page.body().contains("var provider = \"h-captcha\""), page.body());
        assertTrue(page.body().contains("var siteKey = \"hc-site\""), page.body());
        String pending = cookie(page);
        RawHttp.Response bad = post("hc.test", "/login", pending, "h-captcha-response=bad-token");
        assertEquals(200, bad.status(), bad.head());
        RawHttp.Response good = post("hc.test", "/login", pending, "h-captcha-response=good-token");
        assertEquals(302, good.status(), good.head() + "\n" + verifyCalls);
        assertTrue(verifyCalls.stream().anyMatch(f -> f.contains("remoteip=" + CLIENT)), verifyCalls.toString());
        assertEquals(200, get("hc.test", "/login", cookie(good)).status());
    }

    @Test
    void anUnreachableProviderGivesTheFallback_notAHungRequest() throws Exception {
        long t0 = System.nanoTime();
        RawHttp.Response r = post("down.test", "/", null, "cf-turnstile-response=anything");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(403, r.status(), "fallback ban: " + r.head());
        assertTrue(ms < 1500, "answered within the provider timeout, not HAProxy's: " + ms + " ms");
    }

    @Test
    void noMatchingHostMeansTheFallbackBan() throws Exception {
        assertEquals(403, get("unknown.test", "/", null).status());
    }
}
