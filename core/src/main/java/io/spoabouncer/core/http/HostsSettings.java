package io.spoabouncer.core.http;

import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.AppSecPolicy;
import io.spoabouncer.domain.http.CaptchaPolicy;
import io.spoabouncer.domain.http.CaptchaProvider;
import io.spoabouncer.domain.http.ContactUrl;
import io.spoabouncer.domain.http.HostPolicy;
import io.spoabouncer.ports.spi.Problems;
import io.spoabouncer.ports.spi.Suggestions;
import io.spoabouncer.ports.spi.Settings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code http}: the per-host settings (ban page contact URL, captcha, AppSec), checked whole at start.
 * Every default lives in reference.conf ({@code http.host-defaults}, {@code http.appsec}); every problem
 * of every host is reported at once.
 */
public record HostsSettings(List<HostPolicy> hosts, Remediation captchaFallback, AppSecPolicy appsec, int appsecMaxConcurrent) {

    /** @param lapiKey the LAPI key, AppSec's default key */
    public static HostsSettings from(Settings s, String lapiKey) {
        Problems problems = new Problems();
        Remediation fallback = problems.read(() -> banOrAllow(s, "captcha-fallback"), Remediation.BAN);
        Settings global = s.child("appsec");
        AppSecPolicy globalAppSec = problems.read(() -> appsec(global, lapiKey), null);
        int maxConcurrent = problems.read(() -> atLeastOne(global, "max-concurrent"), 1);
        List<HostPolicy> hosts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Settings h : problems.read(() -> s.list("hosts"), List.<Settings>of())) {
            String pattern = problems.read(() -> hostPattern(h, seen), null);
            String contact = h.has("ban") ? problems.read(() -> contactUrl(h.child("ban")), "") : "";
            CaptchaPolicy captcha = h.has("captcha") ? captcha(h.child("captcha"), problems) : null;
            AppSecPolicy appsec = h.has("appsec") ? problems.read(() -> appsec(h.child("appsec"), globalAppSec != null ? globalAppSec.apiKey() : lapiKey), null) : null;
            if (pattern != null) {
                hosts.add(new HostPolicy(pattern, contact, captcha, appsec));
            }
        }
        problems.throwIfAny();
        return new HostsSettings(List.copyOf(hosts), fallback, globalAppSec, maxConcurrent);
    }

    /** Checked (http, https, mailto) and HTML-escaped once: the agent sends it as the page shows it. */
    private static String contactUrl(Settings ban) {
        String url = ban.string("contact-us-url").trim();
        String problem = ContactUrl.problem(url);
        if (problem != null) {
            throw ban.invalid("contact-us-url", problem);
        }
        return ContactUrl.htmlEscaped(url);
    }

    private static String hostPattern(Settings h, Set<String> seen) {
        String pattern = h.string("host").trim().toLowerCase(Locale.ROOT);
        if (pattern.isEmpty()) {
            throw h.invalid("host", "missing: every entry needs a host pattern (e.g. \"www.example.com\", \"*.example.com\", \"*\")");
        }
        if (!seen.add(pattern)) {
            throw h.invalid("host", "'" + pattern + "' is listed twice");
        }
        return pattern;
    }

    /** AppSec settings, null when it has no URL. */
    private static AppSecPolicy appsec(Settings a, String defaultKey) {
        String url = a.string("url").trim();
        if (url.isEmpty()) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw a.invalid("url", "'" + url + "' is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw a.invalid("url", "'" + url + "' (expected: http(s)://host:port/, e.g. http://127.0.0.1:7422/)");
        }
        String key = a.string("api-key").isBlank() ? defaultKey : a.string("api-key");
        if (key == null || key.isBlank()) {
            throw a.invalid("api-key", "missing: AppSec needs the bouncer key (set it here, or decisions.http.api-key / CROWDSEC_API_KEY)");
        }
        Duration timeout = a.duration("timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw a.invalid("timeout", timeout + " (expected: > 0; keep it below HAProxy's timeout processing)");
        }
        return new AppSecPolicy(uri, key, timeout, banOrAllow(a, "failure-action"), a.bool("always-send"));
    }

    private static CaptchaPolicy captcha(Settings c, Problems problems) {
        Problems own = new Problems();
        CaptchaProvider provider = own.read(() -> provider(c), null);
        own.check(() -> {
            if (provider != null && !provider.selfHosted() && (c.string("site-key").isBlank() || c.string("secret-key").isBlank())) {
                throw c.invalid(c.string("site-key").isBlank() ? "site-key" : "secret-key",
                        "missing: " + provider.configName() + " needs site-key and secret-key");
            }
        });
        String signing = own.read(() -> signingKey(c), "");
        Duration timeout = own.read(() -> positive(c, "timeout"), null);
        Duration pendingTtl = own.read(() -> positive(c, "pending-ttl"), null);
        Duration passedTtl = own.read(() -> positive(c, "passed-ttl"), null);
        CaptchaPolicy.CookieSecure secure = own.read(() -> cookieSecure(c.child("cookie")), null);
        boolean httpOnly = own.read(() -> c.child("cookie").bool("http-only"), true);
        int difficulty = own.read(() -> difficulty(c.child("pow")), 18);
        Duration powTtl = own.read(() -> positive(c.child("pow"), "ttl"), null);
        Remediation fallback = own.read(() -> banOrAllow(c, "fallback-remediation"), Remediation.BAN);
        boolean bindHost = own.read(() -> c.bool("bind-host"), true);
        boolean bindIp = own.read(() -> c.bool("bind-ip"), false);
        String verifyUrl = own.read(() -> c.string("verify-url"), "");
        if (!own.isEmpty()) {
            problems.check(own::throwIfAny);
            return null;
        }
        return new CaptchaPolicy(provider, c.string("site-key"), c.string("secret-key"), signing.getBytes(StandardCharsets.UTF_8),
                pendingTtl, passedTtl, secure, httpOnly, bindHost, bindIp, difficulty, powTtl, timeout,
                verifyUrl.isBlank() ? provider.verifyUrl() : verifyUrl, fallback);
    }

    private static CaptchaProvider provider(Settings c) {
        String name = c.string("provider");
        CaptchaProvider p = CaptchaProvider.named(name);
        if (p == null) {
            throw c.invalid("provider", name.isBlank() ? "missing (expected one of " + String.join(", ", CaptchaProvider.configNames()) + ")"
                    : Suggestions.unknown("captcha provider", name, List.of(CaptchaProvider.configNames())));
        }
        return p;
    }

    private static String signingKey(Settings c) {
        String signing = c.string("signing-key");
        if (signing.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw c.invalid("signing-key", "missing or shorter than 32 bytes: it signs the captcha cookies (share it between agents)");
        }
        return signing;
    }

    private static CaptchaPolicy.CookieSecure cookieSecure(Settings cookie) {
        try {
            return CaptchaPolicy.CookieSecure.valueOf(cookie.string("secure").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw cookie.invalid("secure", "'" + cookie.string("secure") + "' (expected: auto, always, never)");
        }
    }

    private static int difficulty(Settings pow) {
        int difficulty = pow.integer("difficulty");
        if (difficulty < 1 || difficulty > 32) {
            throw pow.invalid("difficulty", difficulty + " (expected: 1..32 leading zero bits; 18 takes a browser about a second)");
        }
        return difficulty;
    }

    private static int atLeastOne(Settings s, String key) {
        int v = s.integer(key);
        if (v < 1) {
            throw s.invalid(key, v + " (expected: >= 1)");
        }
        return v;
    }

    private static Duration positive(Settings s, String key) {
        Duration d = s.duration(key);
        if (d.isNegative() || d.isZero()) {
            throw s.invalid(key, d + " (expected: > 0)");
        }
        return d;
    }

    private static Remediation banOrAllow(Settings s, String key) {
        String v = s.string(key).trim().toLowerCase(Locale.ROOT);
        if (!v.equals("ban") && !v.equals("allow")) {
            throw s.invalid(key, "'" + v + "' (expected: ban or allow)");
        }
        return Remediation.of(v);
    }
}
