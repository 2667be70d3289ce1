package io.spoabouncer.core.http;

import io.spoabouncer.domain.http.HeaderBlock;
import io.spoabouncer.domain.request.Ascii;
import io.spoabouncer.domain.request.ByteView;
import io.spoabouncer.domain.request.ClientRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** What the HTTP flow reads from a request's headers (in place) and turns into text only when it must. */
final class RequestText {
    static final String COOKIE_NAME = "crowdsec_captcha_cookie";
    static final byte[] HOST = Ascii.bytes("host");
    static final byte[] COOKIE = Ascii.bytes("cookie");
    static final byte[] COOKIE_NAME_BYTES = Ascii.bytes(COOKIE_NAME);

    private RequestText() {
    }

    static String hostText(ClientRequest request) {
        long host = request.headers.isPresent() ? HeaderBlock.find(request.headers, HOST) : HeaderBlock.ABSENT;
        return host != HeaderBlock.ABSENT ? text(request.headers, host) : request.legacyHost.toString();
    }

    /** The captcha cookie's value from the Cookie header, or the legacy message's cookie argument; null if none. */
    static String cookieValue(ClientRequest request) {
        long cookie = request.headers.isPresent() ? HeaderBlock.cookie(request.headers, COOKIE, COOKIE_NAME_BYTES) : HeaderBlock.ABSENT;
        if (cookie != HeaderBlock.ABSENT) {
            return text(request.headers, cookie);
        }
        return request.legacyCookie.isPresent() && request.legacyCookie.length() > 0 ? request.legacyCookie.toString() : null;
    }

    static String text(ByteView view, long packed) {
        return new String(view.array(), HeaderBlock.offset(packed), HeaderBlock.length(packed), StandardCharsets.ISO_8859_1);
    }

    static String stripPort(String host) {
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon && host.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return host.substring(0, colon).toLowerCase(Locale.ROOT);
        }
        return host.toLowerCase(Locale.ROOT);
    }
}
