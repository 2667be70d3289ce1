package io.spoabouncer.domain.http;

import io.spoabouncer.domain.decision.Remediation;
import java.time.Duration;

/**
 * A host's captcha settings. The widget's CSS class and form field ({@code <frontendKey>-response}) and
 * its script come from the {@link CaptchaProvider}, as the Go bouncer does.
 */
public record CaptchaPolicy(
        CaptchaProvider provider,
        String siteKey,
        String secretKey,
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

    public String frontendKey() {
        return provider.frontendKey();
    }

    public String frontendJs() {
        return provider.frontendJs();
    }
}
