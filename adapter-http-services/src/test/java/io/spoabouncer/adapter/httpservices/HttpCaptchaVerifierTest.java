package io.spoabouncer.adapter.httpservices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.CaptchaProvider;
import java.time.Duration;
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
        return new CaptchaPolicy(CaptchaProvider.named(provider), "site", "the-secret", "s".repeat(32).getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(30), Duration.ofHours(24), CaptchaPolicy.CookieSecure.AUTO, true, true, false, 18, Duration.ofMinutes(5),
                Duration.ofSeconds(2), "http://127.0.0.1:" + server.getAddress().getPort() + "/siteverify", Remediation.BAN);
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

}
