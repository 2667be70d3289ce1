package io.spoabouncer.app.http;

import java.util.Map;

/** The providers the Go bouncer knows, plus our self-hosted proof-of-work. */
final class CaptchaProviders {
    record Provider(String frontendKey, String js, String verifyUrl) {
    }

    static final Map<String, Provider> ALL = Map.of(
            "hcaptcha", new Provider("h-captcha", "https://hcaptcha.com/1/api.js", "https://api.hcaptcha.com/siteverify"),
            "recaptcha", new Provider("g-recaptcha", "https://www.google.com/recaptcha/api.js", "https://www.google.com/recaptcha/api/siteverify"),
            "turnstile", new Provider("cf-turnstile", "https://challenges.cloudflare.com/turnstile/v0/api.js",
                    "https://challenges.cloudflare.com/turnstile/v0/siteverify"),
            "pow", new Provider("pow", "", ""));

    private CaptchaProviders() {
    }
}
