package io.spoabouncer.domain.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * The relay token of an AppSec challenge: who may use it (the client address), which host policy's AppSec
 * answers it, what URL was challenged, and until when; signed (HMAC-SHA256) with a key every agent of the
 * fleet shares. Any agent can then serve the challenge page and relay its follow-up traffic: nothing lives
 * in the process that answered SPOE, so HAProxy may balance the SPOE and challenge backends independently.
 * URL-safe, so it travels as a path segment ({@code /crowdsec-challenge/<token>}).
 */
public record ChallengeToken(String clientIp, String hostPolicy, String originalUri, long expiresAt) {
    /** A challenged URI longer than this is not kept: the page then returns to "/". */
    public static final int MAX_URI = 2048;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final int MAC_BYTES = 18;

    public ChallengeToken {
        if (originalUri == null || originalUri.length() > MAX_URI || !originalUri.startsWith("/")) {
            originalUri = "/";
        }
    }

    public String sign(byte[] key) {
        String payload = B64.encodeToString(String.join("\n", "1", Long.toString(expiresAt), clientIp, hostPolicy, originalUri)
                .getBytes(StandardCharsets.UTF_8));
        return payload + "." + B64.encodeToString(mac(key, payload));
    }

    /** The token, or null when it is malformed, forged or expired. */
    public static ChallengeToken verify(String token, byte[] key, long nowSeconds) {
        if (token == null || token.length() > 4 * MAX_URI) {
            return null;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || token.indexOf('.', dot + 1) >= 0) {
            return null;
        }
        try {
            byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(given, mac(key, token.substring(0, dot)))) {
                return null;
            }
            String[] f = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8).split("\n", -1);
            if (f.length != 5 || !f[0].equals("1")) {
                return null;
            }
            long expires = Long.parseLong(f[1]);
            return nowSeconds > expires ? null : new ChallengeToken(f[2], f[3], f[4], expires);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] mac(byte[] key, String payload) {
        return Arrays.copyOf(CaptchaToken.hmac("HmacSHA256", key, "crowdsec-challenge-relay\n" + payload), MAC_BYTES);
    }
}
