package io.spoabouncer.app.http;

import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.AppSecPolicy;
import io.spoabouncer.domain.http.CaptchaPolicy;
import io.spoabouncer.domain.http.HostPolicy;
import io.spoabouncer.ports.spi.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code http}: the per-host settings (ban page contact URL, captcha), checked whole at start. */
public record HostsSettings(List<HostPolicy> hosts, Remediation captchaFallback, AppSecPolicy appsec, int appsecMaxConcurrent) {
    static final Set<String> HOST_KEYS = Set.of("host", "ban", "captcha", "appsec");
    static final Set<String> APPSEC_KEYS = Set.of("url", "api-key", "timeout", "failure-action", "always-send");
    static final Set<String> CAPTCHA_KEYS = Set.of("provider", "site-key", "secret-key", "signing-key", "fallback-remediation", "timeout",
            "pending-ttl", "passed-ttl", "cookie", "bind-host", "bind-ip", "verify-url", "pow");

    public static HostsSettings from(Settings s) {
        return from(s, "");
    }

    /** @param lapiKey the LAPI key, AppSec's default key */
    public static HostsSettings from(Settings s, String lapiKey) {
        Remediation fallback = fallback(s, "captcha-fallback");
        Settings global = s.has("appsec") ? s.child("appsec") : null;
        AppSecPolicy globalAppSec = global == null ? null : appsec(global, null, lapiKey);
        int maxConcurrent = global != null && global.has("max-concurrent") ? global.integer("max-concurrent") : 256;
        if (maxConcurrent < 1) {
            throw global.invalid("max-concurrent", maxConcurrent + " (expected: >= 1)");
        }
        List<HostPolicy> hosts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Settings h : s.list("hosts")) {
            known(h, HOST_KEYS);
            if (!h.has("host") || h.string("host").isBlank()) {
                throw h.invalid("host", "missing: every entry needs a host pattern (e.g. \"www.example.com\", \"*.example.com\", \"*\")");
            }
            String pattern = h.string("host").trim().toLowerCase(Locale.ROOT);
            if (!seen.add(pattern)) {
                throw h.invalid("host", "'" + pattern + "' is listed twice");
            }
            String contact = h.has("ban") && h.child("ban").has("contact-us-url") ? h.child("ban").string("contact-us-url") : "";
            CaptchaPolicy captcha = h.has("captcha") ? captcha(h.child("captcha")) : null;
            AppSecPolicy appsec = h.has("appsec") ? appsec(h.child("appsec"), globalAppSec, lapiKey) : null;
            hosts.add(new HostPolicy(pattern, contact, captcha, appsec));
        }
        return new HostsSettings(List.copyOf(hosts), fallback, globalAppSec, maxConcurrent);
    }

    /** AppSec settings; unset keys come from the global block, the key from the LAPI's. Null when no URL. */
    private static AppSecPolicy appsec(Settings a, AppSecPolicy global, String lapiKey) {
        Set<String> keys = new HashSet<>(APPSEC_KEYS);
        if (global == null) {
            keys.add("max-concurrent");
        }
        known(a, keys);
        String url = a.has("url") ? a.string("url").trim() : global == null ? "" : global.url().toString();
        if (url.isEmpty()) {
            return null;
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url);
        } catch (IllegalArgumentException e) {
            throw a.invalid("url", "'" + url + "' is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw a.invalid("url", "'" + url + "' (expected: http(s)://host:port/, e.g. http://127.0.0.1:7422/)");
        }
        String key = a.has("api-key") && !a.string("api-key").isBlank() ? a.string("api-key")
                : global != null ? global.apiKey() : lapiKey;
        if (key == null || key.isBlank()) {
            throw a.invalid("api-key", "missing: AppSec needs the bouncer key (set it here, or decisions.http.api-key / CROWDSEC_API_KEY)");
        }
        Duration timeout = a.has("timeout") ? a.duration("timeout") : global != null ? global.timeout() : Duration.ofMillis(200);
        if (timeout.isZero() || timeout.isNegative()) {
            throw a.invalid("timeout", timeout + " (expected: > 0; keep it below HAProxy's timeout processing)");
        }
        Remediation failure = a.has("failure-action") ? fallback(a, "failure-action") : global != null ? global.failureAction() : Remediation.ALLOW;
        boolean always = a.has("always-send") ? a.bool("always-send") : global != null && global.alwaysSend();
        return new AppSecPolicy(uri, key, timeout, failure, always);
    }

    private static CaptchaPolicy captcha(Settings c) {
        known(c, CAPTCHA_KEYS);
        String provider = c.has("provider") ? c.string("provider").trim().toLowerCase(Locale.ROOT) : "";
        CaptchaProviders.Provider known = CaptchaProviders.ALL.get(provider);
        if (known == null) {
            throw c.invalid("provider", "'" + provider + "' (expected: hcaptcha, recaptcha, turnstile or pow)");
        }
        boolean pow = provider.equals("pow");
        String siteKey = c.has("site-key") ? c.string("site-key") : "";
        String secret = c.has("secret-key") ? c.string("secret-key") : "";
        if (!pow && (siteKey.isBlank() || secret.isBlank())) {
            throw c.invalid(siteKey.isBlank() ? "site-key" : "secret-key", "missing: " + provider + " needs site-key and secret-key");
        }
        String signing = c.has("signing-key") ? c.string("signing-key") : "";
        if (signing.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw c.invalid("signing-key", "missing or shorter than 32 bytes: it signs the captcha cookies (share it between agents)");
        }
        Duration timeout = duration(c, "timeout", Duration.ofSeconds(5));
        Duration pendingTtl = duration(c, "pending-ttl", Duration.ofMinutes(30));
        Duration passedTtl = duration(c, "passed-ttl", Duration.ofHours(24));
        CaptchaPolicy.CookieSecure secure = CaptchaPolicy.CookieSecure.AUTO;
        boolean httpOnly = true;
        if (c.has("cookie")) {
            Settings cookie = c.child("cookie");
            known(cookie, Set.of("secure", "http-only"));
            if (cookie.has("secure")) {
                try {
                    secure = CaptchaPolicy.CookieSecure.valueOf(cookie.string("secure").trim().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw cookie.invalid("secure", "'" + cookie.string("secure") + "' (expected: auto, always, never)");
                }
            }
            httpOnly = !cookie.has("http-only") || cookie.bool("http-only");
        }
        int difficulty = 18;
        Duration powTtl = Duration.ofMinutes(5);
        if (c.has("pow")) {
            Settings p = c.child("pow");
            known(p, Set.of("difficulty", "ttl"));
            if (p.has("difficulty")) {
                difficulty = p.integer("difficulty");
                if (difficulty < 1 || difficulty > 32) {
                    throw p.invalid("difficulty", difficulty + " (expected: 1..32 leading zero bits; 18 takes a browser about a second)");
                }
            }
            powTtl = p.has("ttl") ? p.duration("ttl") : powTtl;
        }
        String verifyUrl = c.has("verify-url") && !c.string("verify-url").isBlank() ? c.string("verify-url") : known.verifyUrl();
        return new CaptchaPolicy(provider, siteKey, secret, known.frontendKey(), known.js(), signing.getBytes(StandardCharsets.UTF_8),
                pendingTtl, passedTtl, secure, httpOnly, !c.has("bind-host") || c.bool("bind-host"), c.has("bind-ip") && c.bool("bind-ip"),
                difficulty, powTtl, timeout, verifyUrl, fallback(c, "fallback-remediation"));
    }

    private static Duration duration(Settings s, String key, Duration defaultValue) {
        Duration d = s.has(key) ? s.duration(key) : defaultValue;
        if (d.isNegative() || d.isZero()) {
            throw s.invalid(key, d + " (expected: > 0)");
        }
        return d;
    }

    private static Remediation fallback(Settings s, String key) {
        String v = s.has(key) ? s.string(key).trim().toLowerCase(Locale.ROOT) : "ban";
        if (!v.equals("ban") && !v.equals("allow")) {
            throw s.invalid(key, "'" + v + "' (expected: ban or allow)");
        }
        return Remediation.of(v);
    }

    private static void known(Settings s, Set<String> keys) {
        for (String k : s.keys()) {
            if (!keys.contains(k)) {
                throw s.invalid(k, "unknown key (expected one of " + new java.util.TreeSet<>(keys) + ")");
            }
        }
    }
}
