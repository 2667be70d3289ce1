package io.spoabouncer.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.CaptchaPolicy;
import io.spoabouncer.domain.http.HostMatcher;
import io.spoabouncer.domain.http.HostPolicy;
import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.domain.request.ByteView;
import io.spoabouncer.domain.request.ClientRequest;
import io.spoabouncer.domain.request.RequestKind;
import io.spoabouncer.domain.request.TxnVar;
import io.spoabouncer.domain.request.Verdict;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.CaptchaVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The captcha flow's rules without a network: cookies bound to host and IP, replay, fallbacks, cookie clearing. */
class HttpRemediationTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    final long now = 1_800_000_000_000L;
    final Decision captchaDecision = new DecisionFactory().create("Ip", "192.0.2.1", "captcha", "cscli", "", Decision.NEVER_EXPIRES, "t");

    static CaptchaPolicy policy(boolean bindHost, boolean bindIp) {
        return new CaptchaPolicy(io.spoabouncer.domain.http.CaptchaProvider.HCAPTCHA, "site", "secret", KEY, Duration.ofMinutes(30), Duration.ofHours(24),
                CaptchaPolicy.CookieSecure.AUTO, true, bindHost, bindIp, 18, Duration.ofMinutes(5), Duration.ofSeconds(1), "http://x/", Remediation.BAN);
    }

    HttpRemediation flow(CaptchaPolicy p, CaptchaVerifier verifier) {
        return new HttpRemediation(new HostMatcher(List.of(new HostPolicy("*.example.com", "mailto:x@example.com", p))), Remediation.BAN,
                verifier, AgentMetrics.NOOP, () -> now);
    }

    static void set(ByteView v, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, v.prepare(b.length), 0, b.length);
    }

    static ClientRequest request(String ip, String host, String cookie, String method, String body) {
        ClientRequest r = new ClientRequest().reset(RequestKind.HTTP);
        IpAddress a = IpAddress.parse(ip);
        r.setAddress(a.hi(), a.lo());
        set(r.method, method);
        set(r.headers, "host: " + host + "\r\n" + (cookie == null ? "" : "cookie: crowdsec_captcha_cookie=" + cookie + "\r\n")
                + (body == null ? "" : "content-type: application/x-www-form-urlencoded\r\n") + "\r\n");
        if (body != null) {
            set(r.body, body);
        }
        return r;
    }

    Verdict run(HttpRemediation h, ClientRequest r, Remediation decided) throws Exception {
        Verdict v = new Verdict();
        v.decide(decided, decided == Remediation.CAPTCHA ? captchaDecision.tag() : null);
        var later = h.apply(r, v);
        return later == null ? v : later.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    static String cookieValue(Verdict v) {
        String c = v.get(TxnVar.CAPTCHA_COOKIE);
        return c.substring(c.indexOf('=') + 1, c.indexOf(';'));
    }

    String passedCookie(CaptchaPolicy p, String ip, String host) throws Exception {
        HttpRemediation h = flow(p, (policy, response, remoteIp) -> CompletableFuture.completedFuture(
                "good".equals(response) ? CaptchaVerifier.Result.PASSED : CaptchaVerifier.Result.FAILED));
        Verdict pending = run(h, request(ip, host, null, "GET", null), Remediation.CAPTCHA);
        assertEquals("pending", pending.get(TxnVar.CAPTCHA_STATUS));
        Verdict solved = run(h, request(ip, host, cookieValue(pending), "POST", "h-captcha-response=good"), Remediation.CAPTCHA);
        assertEquals(Remediation.ALLOW, solved.remediation());
        assertTrue(solved.redirect());
        assertEquals("valid", solved.get(TxnVar.CAPTCHA_STATUS));
        return cookieValue(solved);
    }

    @Test
    void aPassedCookieLetsItsClientThrough_onItsHostAndFromItsIp() throws Exception {
        CaptchaPolicy p = policy(true, true);
        String passed = passedCookie(p, "192.0.2.1", "www.example.com");
        HttpRemediation h = flow(p, CaptchaVerifier.NONE);
        Verdict again = run(h, request("192.0.2.1", "www.example.com:443", passed, "GET", null), Remediation.CAPTCHA);
        assertEquals(Remediation.ALLOW, again.remediation());
        assertNull(again.get(TxnVar.CAPTCHA_COOKIE), "no new cookie once passed");
        assertEquals(Remediation.CAPTCHA, run(h, request("192.0.2.99", "www.example.com", passed, "GET", null), Remediation.CAPTCHA).remediation(),
                "replayed from another IP");
        assertEquals(Remediation.CAPTCHA, run(h, request("192.0.2.1", "shop.example.com", passed, "GET", null), Remediation.CAPTCHA).remediation(),
                "replayed on another host");
    }

    @Test
    void withoutBindingsACookieIsValidAnywhere_asTheGoBouncers() throws Exception {
        CaptchaPolicy p = policy(false, false);
        String passed = passedCookie(p, "192.0.2.1", "www.example.com");
        HttpRemediation h = flow(p, CaptchaVerifier.NONE);
        assertEquals(Remediation.ALLOW, run(h, request("192.0.2.99", "shop.example.com", passed, "GET", null), Remediation.CAPTCHA).remediation());
    }

    @Test
    void aWrongAnswerKeepsTheChallenge_anUnreachableProviderGivesTheFallback() throws Exception {
        CaptchaPolicy p = policy(true, false);
        HttpRemediation wrong = flow(p, (policy, response, ip) -> CompletableFuture.completedFuture(CaptchaVerifier.Result.FAILED));
        Verdict v = run(wrong, request("192.0.2.1", "www.example.com", null, "POST", "h-captcha-response=bad"), Remediation.CAPTCHA);
        assertEquals(Remediation.CAPTCHA, v.remediation());
        assertEquals("pending", v.get(TxnVar.CAPTCHA_STATUS));
        assertEquals("site", v.get(TxnVar.CAPTCHA_SITE_KEY));
        HttpRemediation down = flow(p, CaptchaVerifier.NONE);
        assertEquals(Remediation.BAN, run(down, request("192.0.2.1", "www.example.com", null, "POST", "h-captcha-response=x"), Remediation.CAPTCHA).remediation());
    }

    @Test
    void noHostPolicyFallsBack_banCarriesTheContactUrl_allowClearsAStaleCookie() throws Exception {
        HttpRemediation h = flow(policy(true, false), CaptchaVerifier.NONE);
        assertEquals(Remediation.BAN, run(h, request("192.0.2.1", "other.org", null, "GET", null), Remediation.CAPTCHA).remediation());
        Verdict ban = run(h, request("192.0.2.1", "www.example.com", null, "GET", null), Remediation.BAN);
        assertEquals("mailto:x@example.com", ban.get(TxnVar.CONTACT_US_URL));
        Verdict allow = run(h, request("192.0.2.1", "www.example.com", "stale", "GET", null), Remediation.ALLOW);
        assertNotNull(allow.get(TxnVar.CAPTCHA_COOKIE));
        assertTrue(allow.get(TxnVar.CAPTCHA_COOKIE).startsWith("crowdsec_captcha_cookie=; Path=/; Max-Age=0"), allow.get(TxnVar.CAPTCHA_COOKIE));
        assertNull(run(h, request("192.0.2.1", "www.example.com", null, "GET", null), Remediation.ALLOW).get(TxnVar.CAPTCHA_COOKIE));
    }

    @Test
    void cookieFlags() throws Exception {
        HttpRemediation h = flow(policy(true, false), CaptchaVerifier.NONE);
        ClientRequest tls = request("192.0.2.1", "www.example.com", null, "GET", null);
        tls.setSsl(true);
        String c = run(h, tls, Remediation.CAPTCHA).get(TxnVar.CAPTCHA_COOKIE);
        assertTrue(c.endsWith("; Path=/; HttpOnly; Secure; SameSite=Strict"), c);
        String plain = run(h, request("192.0.2.1", "www.example.com", null, "GET", null), Remediation.CAPTCHA).get(TxnVar.CAPTCHA_COOKIE);
        assertTrue(plain.endsWith("; Path=/; HttpOnly; SameSite=Strict"), plain);
    }
}
