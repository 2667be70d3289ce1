package io.spoabouncer.domain.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.domain.request.ByteView;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderBlockTest {
    static ByteView view(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        ByteView v = new ByteView(4);
        System.arraycopy(b, 0, v.prepare(b.length), 0, b.length);
        return v;
    }

    static String text(ByteView v, long packed) {
        return packed == HeaderBlock.ABSENT ? null
                : new String(v.array(), HeaderBlock.offset(packed), HeaderBlock.length(packed), StandardCharsets.ISO_8859_1);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void findsHeadersAsHaproxySendsThem() {
        // research/spop.md §7.11: names lower-cased, one space after the colon, CRLF, final CRLF.
        ByteView h = view("host: 127.0.0.1:44161\r\nuser-agent: e2e-curl/1.0\r\naccept: text/html\r\nx-empty: \r\n\r\n");
        assertEquals("127.0.0.1:44161", text(h, HeaderBlock.find(h, b("host"))));
        assertEquals("text/html", text(h, HeaderBlock.find(h, b("accept"))));
        assertEquals("", text(h, HeaderBlock.find(h, b("x-empty"))));
        assertEquals(null, text(h, HeaderBlock.find(h, b("cookie"))));
        assertEquals(null, text(h, HeaderBlock.find(h, b("hos"))), "a prefix is not a name");
    }

    @Test
    void namesMatchWithoutCaseAndLfAlone() {
        ByteView h = view("Host: Example.COM\nContent-Type: application/x-www-form-urlencoded; charset=UTF-8\n\n");
        assertEquals("Example.COM", text(h, HeaderBlock.find(h, b("host"))));
        assertTrue(HeaderBlock.startsWithIgnoreCase(h, HeaderBlock.find(h, b("content-type")), b("application/x-www-form-urlencoded")));
    }

    @Test
    void cookiesAcrossSeveralHeaders() {
        ByteView h = view("cookie: a=1; b=2\r\ncookie: crowdsec_captcha_cookie=abc.def.ghi; z=9\r\n\r\n");
        assertEquals("abc.def.ghi", text(h, HeaderBlock.cookie(h, b("cookie"), b("crowdsec_captcha_cookie"))));
        assertEquals("2", text(h, HeaderBlock.cookie(h, b("cookie"), b("b"))));
        assertEquals(null, text(h, HeaderBlock.cookie(h, b("cookie"), b("crowdsec"))));
    }

    @Test
    void formFields() {
        ByteView body = view("a=1&h-captcha-response=P0_eyJ%2B&x=");
        assertEquals("P0_eyJ%2B", text(body, HeaderBlock.formField(body, b("h-captcha-response"))));
        assertEquals("", text(body, HeaderBlock.formField(body, b("x"))));
        assertEquals(null, text(body, HeaderBlock.formField(body, b("g-recaptcha-response"))));
    }
}
