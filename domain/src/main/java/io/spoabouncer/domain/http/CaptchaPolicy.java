package io.spoabouncer.domain.http;

import io.spoabouncer.domain.decision.Remediation;
import java.time.Duration;

/**
 * A host's captcha settings. {@code provider} is hcaptcha, recaptcha, turnstile or pow; {@code frontendKey}
 * names the widget's CSS class and the form field ({@code <frontendKey>-response}) as the Go bouncer does.
 */
public record CaptchaPolicy(
        String provider,
        String siteKey,
        String secretKey,
        String frontendKey,
        String frontendJs,
        byte[] signingKey,
        Duration pendingTtl,
        Duration passedTtl,
        CookieSecure cookieSecure,
        boolean httpOnly,
        boolean bindHost,
        boolean bindIp,
        int powDifficulty,
        Duration powTtl,
        Duration timeout,
        String verifyUrl,
        Remediation fallback) {

    public enum CookieSecure { AUTO, ALWAYS, NEVER }

    public boolean isPow() {
        return "pow".equals(provider);
    }
}
