package io.spoabouncer.core.http;

import io.spoabouncer.domain.http.CaptchaPolicy;

/** The Set-Cookie values of the captcha flow, with the host's flags. */
final class CaptchaCookies {
    private CaptchaCookies() {
    }

    static String set(CaptchaPolicy p, String value, boolean ssl) {
        StringBuilder c = new StringBuilder(value.length() + 64).append(RequestText.COOKIE_NAME).append('=').append(value).append("; Path=/");
        appendFlags(c, p, ssl);
        return c.toString();
    }

    static String deletion(CaptchaPolicy p, boolean ssl) {
        StringBuilder c = new StringBuilder(96).append(RequestText.COOKIE_NAME).append("=; Path=/; Max-Age=0");
        appendFlags(c, p, ssl);
        return c.toString();
    }

    private static void appendFlags(StringBuilder c, CaptchaPolicy p, boolean ssl) {
        if (p.httpOnly()) {
            c.append("; HttpOnly");
        }
        if (p.cookieSecure() == CaptchaPolicy.CookieSecure.ALWAYS || (p.cookieSecure() == CaptchaPolicy.CookieSecure.AUTO && ssl)) {
            c.append("; Secure");
        }
        c.append("; SameSite=Strict");
    }
}
