package io.spoabouncer.app.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import io.spoabouncer.app.config.HoconSettings;
import io.spoabouncer.domain.http.CaptchaPolicy;
import io.spoabouncer.ports.out.CaptchaVerifier.Result;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Each provider's siteverify call against a loopback server speaking the documented API (form POST with
 * secret, response, remoteip; JSON answer with success): hCaptcha, reCAPTCHA and Turnstile share it.
 */
class HttpCaptchaVerifierTest {
    HttpServer server;
    final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();
    volatile long delayMillis;
    volatile int status = 200;
    volatile String contentType = "application/json";

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/siteverify", ex -> {
            Map<String, String> form = new HashMap<>();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            for (String kv : body.split("&")) {
                String[] p = kv.split("=", 2);
                form.put(p[0], URLDecoder.decode(p.length > 1 ? p[1] : "", StandardCharsets.UTF_8));
            }
            form.put("content-type", ex.getRequestHeaders().getFirst("Content-Type"));
            calls.add(form);
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            boolean ok = "the-secret".equals(form.get("secret")) && "valid-response".equals(form.get("response"));
            byte[] b = ("{\"success\":" + ok + ",\"challenge_ts\":\"2026-11-27T00:00:00Z\",\"hostname\":\"example.com\",\"error-codes\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", contentType);
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    CaptchaPolicy policy(String provider) {
        HostsSettings s = HostsSettings.from(new HoconSettings(ConfigFactory.parseString("captcha-fallback = ban\nhosts = [{host = x, captcha {"
                + "provider = " + provider + ", site-key = site, secret-key = the-secret, signing-key = \"" + "s".repeat(32) + "\", timeout = 2s,"
                + "verify-url = \"http://127.0.0.1:" + server.getAddress().getPort() + "/siteverify\"}}]"), "http"));
        return s.hosts().get(0).captcha();
    }

    final HttpCaptchaVerifier verifier = new HttpCaptchaVerifier();

    Result verify(CaptchaPolicy p, String response) throws Exception {
        return verifier.verify(p, response, "192.0.2.9").toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hcaptcha", "recaptcha", "turnstile"})
    void documentedVerifyCall(String provider) throws Exception {
        CaptchaPolicy p = policy(provider);
        assertEquals(Result.PASSED, verify(p, "valid-response"));
        assertEquals(Result.FAILED, verify(p, "forged"));
        Map<String, String> call = calls.get(0);
        assertEquals("the-secret", call.get("secret"));
        assertEquals("valid-response", call.get("response"));
        assertEquals("192.0.2.9", call.get("remoteip"));
        assertEquals("application/x-www-form-urlencoded", call.get("content-type"));
    }

    @Test
    void aSlowProviderIsCutAtTheTimeout() throws Exception {
        delayMillis = 3000;
        long t0 = System.nanoTime();
        assertEquals(Result.UNAVAILABLE, verify(policy("hcaptcha"), "valid-response"));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2900);
    }

    @Test
    void errorsAndGarbageAreUnavailable() throws Exception {
        status = 500;
        assertEquals(Result.UNAVAILABLE, verify(policy("hcaptcha"), "valid-response"));
        status = 200;
        contentType = "text/html";
        assertEquals(Result.PASSED, verify(policy("turnstile"), "valid-response"), "JSON is read whatever the content type");
    }

    @Test
    void providerDefaultsAndValidation() {
        CaptchaPolicy p = HostsSettings.from(new HoconSettings(ConfigFactory.parseString(
                "hosts = [{host = x, captcha {provider = recaptcha, site-key = a, secret-key = b, signing-key = \"" + "s".repeat(32) + "\"}}]"), "http"))
                .hosts().get(0).captcha();
        assertEquals("g-recaptcha", p.frontendKey());
        assertEquals("https://www.google.com/recaptcha/api.js", p.frontendJs());
        assertEquals("https://www.google.com/recaptcha/api/siteverify", p.verifyUrl());
        assertEquals(CaptchaPolicy.CookieSecure.AUTO, p.cookieSecure());
        assertTrue(p.bindHost());
        assertMessage("hosts = [{host = x, captcha {provider = hcaptcha, site-key = a, secret-key = b, signing-key = short}}]",
                "http.hosts[0].captcha.signing-key: missing or shorter than 32 bytes");
        assertMessage("hosts = [{host = x, captcha {provider = friendlycaptcha, signing-key = \"" + "s".repeat(32) + "\"}}]",
                "http.hosts[0].captcha.provider: 'friendlycaptcha' (expected: hcaptcha, recaptcha, turnstile or pow)");
        assertMessage("hosts = [{host = x, captcha {provider = hcaptcha, signing-key = \"" + "s".repeat(32) + "\"}}]",
                "http.hosts[0].captcha.site-key: missing: hcaptcha needs site-key and secret-key");
        assertMessage("hosts = [{host = x, captcha {provider = pow, signing-key = \"" + "s".repeat(32) + "\", pow.difficulty = 40}}]",
                "http.hosts[0].captcha.pow.difficulty: 40 (expected: 1..32");
        assertMessage("hosts = [{host = x, bann {}}]", "http.hosts[0].bann: unknown key");
        assertMessage("hosts = [{host = x}, {host = X}]", "http.hosts[1].host: 'x' is listed twice");
        assertMessage("captcha-fallback = captcha", "http.captcha-fallback: 'captcha' (expected: ban or allow)");
    }

    static void assertMessage(String hocon, String prefix) {
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> HostsSettings.from(new HoconSettings(ConfigFactory.parseString(hocon), "http")));
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
