package io.spoabouncer.domain.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CaptchaTokenTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final long NOW = 1_800_000_000L;

    @Test
    void roundTripsAndExpires() {
        CaptchaToken t = new CaptchaToken("u-1", CaptchaToken.PENDING, NOW, NOW + 1800, "www.example.com", null);
        String jwt = t.sign(KEY);
        assertEquals(t, CaptchaToken.verify(jwt, KEY, NOW + 10));
        assertNull(CaptchaToken.verify(jwt, KEY, NOW + 1801), "expired");
        CaptchaToken passed = t.passed(NOW + 5, 86400);
        assertTrue(passed.isPassed(NOW + 6));
        assertFalse(t.isPassed(NOW + 6));
        assertEquals("u-1", passed.uuid(), "the uuid is kept from pending to passed");
    }

    @Test
    void aHeaderWithATruncatedEscapeIsRefusedNotThrown() {
        // found by fuzzing: the header is read before the signature is checked, so any client could send
        // this; a StringIndexOutOfBoundsException escaped and cost HAProxy the whole SPOP connection
        for (String header : new String[] {"{\"alg\":\"HS256\",\"typ\":\"J\\u\"}", "{\"alg\":\"\\", "{\"a\":\"\\u12"}) {
            assertNull(CaptchaToken.verify(b64(header) + ".e30.x", KEY, NOW), header);
        }
    }

    @Test
    void forgeriesAreRefused() {
        String jwt = new CaptchaToken("u", CaptchaToken.VALID, NOW, NOW + 100, null, null).sign(KEY);
        String[] p = jwt.split("\\.");
        assertNull(CaptchaToken.verify(jwt, "another-key-another-key-another!".getBytes(StandardCharsets.UTF_8), NOW), "another key");
        String forgedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"uuid\":\"u\",\"st\":\"valid\",\"iat\":" + NOW + ",\"exp\":" + (NOW + 99999) + "}").getBytes(StandardCharsets.UTF_8));
        assertNull(CaptchaToken.verify(p[0] + "." + forgedClaims + "." + p[2], KEY, NOW), "claims changed");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertNull(CaptchaToken.verify(none + "." + p[1] + ".", KEY, NOW), "alg none");
        assertNull(CaptchaToken.verify("garbage", KEY, NOW));
        // Another HMAC, signed with the right key: agents only sign HS256, and HAProxy's own check asks for HS256.
        String hs512 = b64("{\"alg\":\"HS512\",\"typ\":\"JWT\"}") + "." + p[1];
        assertNull(CaptchaToken.verify(hs512 + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(CaptchaToken.hmac("HmacSHA512", KEY, hs512)), KEY, NOW), "HS512");
        assertNull(CaptchaToken.verify(p[0] + "." + p[1] + "." + p[2] + ".x", KEY, NOW));
        assertNull(CaptchaToken.verify("x".repeat(5000), KEY, NOW));
    }

    /** A cookie minted the way the Go bouncer does (golang-jwt, HS256, its claim order) by an independent implementation. */
    @Test
    void acceptsGoMintedTokens() throws Exception {
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String claims = b64("{\"exp\":" + (NOW + 86400) + ",\"iat\":" + NOW + ",\"st\":\"valid\",\"uuid\":\"9b2f7c7e-1d6a-4f1e-8f0b-2d3c4e5f6a7b\"}");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String jwt = header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII)));
        CaptchaToken t = CaptchaToken.verify(jwt, KEY, NOW + 1);
        assertTrue(t.isPassed(NOW + 1));
        assertNull(t.host(), "no host claim: valid where host binding is off");
    }

    /** Ours, read the way golang-jwt reads a token: HS256 header, HMAC over header.claims, the four claims typed. */
    @Test
    void ourTokensReadAsGoExpectsThem() throws Exception {
        String jwt = new CaptchaToken("6f1c", CaptchaToken.VALID, NOW, NOW + 60, null, null).sign(KEY);
        String[] p = jwt.split("\\.");
        assertEquals("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", new String(Base64.getUrlDecoder().decode(p[0]), StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal((p[0] + "." + p[1]).getBytes(StandardCharsets.US_ASCII))), p[2]);
        String claims = new String(Base64.getUrlDecoder().decode(p[1]), StandardCharsets.UTF_8);
        assertEquals("{\"uuid\":\"6f1c\",\"st\":\"valid\",\"iat\":" + NOW + ",\"exp\":" + (NOW + 60) + "}", claims,
                "no extra claims when host and IP binding are off: exactly what a Go agent mints and reads");
        assertTrue(!jwt.contains("="), "base64url without padding, as JWS requires");
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
