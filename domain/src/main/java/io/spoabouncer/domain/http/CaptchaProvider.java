package io.spoabouncer.domain.http;

import java.util.Locale;

/**
 * The captcha providers: the Go bouncer's three, and our self-hosted proof of work. Adding one is one
 * entry here: its config name, the widget's CSS class and form field prefix ({@code <frontendKey>-response}),
 * its script, and its siteverify URL.
 */
public enum CaptchaProvider {
    HCAPTCHA("hcaptcha", "h-captcha", "https://hcaptcha.com/1/api.js", "https://api.hcaptcha.com/siteverify"),
    RECAPTCHA("recaptcha", "g-recaptcha", "https://www.google.com/recaptcha/api.js", "https://www.google.com/recaptcha/api/siteverify"),
    TURNSTILE("turnstile", "cf-turnstile", "https://challenges.cloudflare.com/turnstile/v0/api.js",
            "https://challenges.cloudflare.com/turnstile/v0/siteverify"),
    /** Solved by the page's JavaScript and checked by the agent: no third party, no keys. */
    POW("pow", "pow", "", "");

    private final String configName;
    private final String frontendKey;
    private final String frontendJs;
    private final String verifyUrl;

    CaptchaProvider(String configName, String frontendKey, String frontendJs, String verifyUrl) {
        this.configName = configName;
        this.frontendKey = frontendKey;
        this.frontendJs = frontendJs;
        this.verifyUrl = verifyUrl;
    }

    public String configName() {
        return configName;
    }

    public String frontendKey() {
        return frontendKey;
    }

    public String frontendJs() {
        return frontendJs;
    }

    public String verifyUrl() {
        return verifyUrl;
    }

    /** Verified by the agent itself; a third-party provider needs a site key and a secret key instead. */
    public boolean selfHosted() {
        return verifyUrl.isEmpty();
    }

    /** The provider of this config name, or null. */
    public static CaptchaProvider named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (CaptchaProvider p : values()) {
            if (p.configName.equals(n)) {
                return p;
            }
        }
        return null;
    }

    public static String[] configNames() {
        CaptchaProvider[] all = values();
        String[] out = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            out[i] = all[i].configName;
        }
        return out;
    }
}
