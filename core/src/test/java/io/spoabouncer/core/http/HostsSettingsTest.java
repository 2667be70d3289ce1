package io.spoabouncer.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.CaptchaPolicy;
import io.spoabouncer.ports.spi.ConfigurationException;
import io.spoabouncer.settings.hocon.HoconSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HostsSettingsTest {
    static HostsSettings read(String hocon) {
        return HostsSettings.from(HoconSettings.of("http", hocon), "");
    }

    @Test
    void providerDefaultsAndValidation() {
        CaptchaPolicy p = read("hosts = [{host = x, captcha {provider = recaptcha, site-key = a, secret-key = b, signing-key = \"" + "s".repeat(32) + "\"}}]")
                .hosts().get(0).captcha();
        assertEquals("g-recaptcha", p.frontendKey());
        assertEquals("https://www.google.com/recaptcha/api.js", p.frontendJs());
        assertEquals("https://www.google.com/recaptcha/api/siteverify", p.verifyUrl());
        assertEquals(CaptchaPolicy.CookieSecure.AUTO, p.cookieSecure());
        assertTrue(p.bindHost());
        assertMessage("hosts = [{host = x, captcha {provider = hcaptcha, site-key = a, secret-key = b, signing-key = short}}]",
                "http.hosts[0].captcha.signing-key: missing or shorter than 32 bytes");
        assertMessage("hosts = [{host = x, captcha {provider = friendlycaptcha, signing-key = \"" + "s".repeat(32) + "\"}}]",
                "http.hosts[0].captcha.provider: unknown captcha provider 'friendlycaptcha' (expected one of: hcaptcha, recaptcha, turnstile, pow)");
        assertMessage("hosts = [{host = x, captcha {provider = hcapcha, site-key = a, secret-key = b, signing-key = \"" + "s".repeat(32) + "\"}}]",
                "http.hosts[0].captcha.provider: unknown captcha provider 'hcapcha'. Did you mean 'hcaptcha'?");
        assertMessage("hosts = [{host = x, captcha {provider = hcaptcha, signing-key = \"" + "s".repeat(32) + "\"}}]",
                "http.hosts[0].captcha.site-key: missing: hcaptcha needs site-key and secret-key");
        assertMessage("hosts = [{host = x, captcha {provider = pow, signing-key = \"" + "s".repeat(32) + "\", pow.difficulty = 40}}]",
                "http.hosts[0].captcha.pow.difficulty: 40 (expected: 1..32");
        assertMessage("hosts = [{host = x}, {host = X}]", "http.hosts[1].host: 'x' is listed twice");
        assertMessage("captcha-fallback = captcha", "http.captcha-fallback: 'captcha' (expected: ban or allow)");
    }

    @Test
    void defaultsComeFromReferenceConfAndBlocksAreOptional() {
        HostsSettings s = read("hosts = [{host = a.example, captcha {provider = pow, signing-key = \"" + "s".repeat(32) + "\"}}, {host = b.example}]");
        CaptchaPolicy p = s.hosts().get(0).captcha();
        assertEquals(Duration.ofSeconds(5), p.timeout());
        assertEquals(Duration.ofMinutes(30), p.pendingTtl());
        assertEquals(Duration.ofHours(24), p.passedTtl());
        assertEquals(18, p.powDifficulty());
        assertEquals(Duration.ofMinutes(5), p.powTtl());
        assertTrue(p.httpOnly());
        assertEquals(Remediation.BAN, p.fallback());
        assertNull(s.hosts().get(1).captcha(), "a host without a captcha block has no captcha");
        assertEquals("", s.hosts().get(1).contactUsUrl());
        assertEquals(256, s.appsecMaxConcurrent());
    }

    @Test
    void theContactUrlIsHttpHttpsOrMailto_andHtmlEscaped() {
        assertEquals("https://help.example/?a=1&amp;b=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
                read("hosts = [{host = x, ban.contact-us-url = \"https://help.example/?a=1&b=\\\"><script>alert(1)</script>\"}]")
                        .hosts().get(0).contactUsUrl());
        assertEquals("mailto:abuse@example.com", read("hosts = [{host = x, ban.contact-us-url = \"mailto:abuse@example.com\"}]").hosts().get(0).contactUsUrl());
        assertMessage("hosts = [{host = x, ban.contact-us-url = \"javascript:alert(1)\"}]",
                "http.hosts[0].ban.contact-us-url: 'javascript:alert(1)' (expected: an http, https or mailto URL)");
        assertMessage("hosts = [{host = x, ban.contact-us-url = \"data:text/html,hi\"}]", "http.hosts[0].ban.contact-us-url:");
    }

    @Test
    void everyProblemOfEveryHostAtOnce() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read(
                "captcha-fallback = maybe\nhosts = [{host = a, captcha {provider = hcapcha}}, {host = b, captcha {provider = pow, pow.difficulty = 99}}]"));
        assertEquals(java.util.List.of(
                "http.captcha-fallback: 'maybe' (expected: ban or allow)",
                "http.hosts[0].captcha.provider: unknown captcha provider 'hcapcha'. Did you mean 'hcaptcha'? (expected one of: hcaptcha, recaptcha, turnstile, pow)",
                "http.hosts[0].captcha.signing-key: missing or shorter than 32 bytes: it signs the captcha cookies (share it between agents)",
                "http.hosts[1].captcha.signing-key: missing or shorter than 32 bytes: it signs the captcha cookies (share it between agents)",
                "http.hosts[1].captcha.pow.difficulty: 99 (expected: 1..32 leading zero bits; 18 takes a browser about a second)"), e.problems());
    }

    static void assertMessage(String hocon, String prefix) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> read(hocon));
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
