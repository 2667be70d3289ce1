package io.spoabouncer.domain.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The self-hosted challenge: a signed, expiring challenge bound to the client's IP and host, which the page's
 * JavaScript solves by finding a nonce such that SHA-256(challenge ":" nonce) starts with {@code difficulty}
 * zero bits. Checking a solution is one HMAC and one SHA-256: microseconds, no third party, no state.
 */
public final class ProofOfWork {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ProofOfWork() {
    }

    /** A challenge: base64url("v1|ip|host|exp|difficulty|salt") "." base64url(HMAC-SHA256). */
    public static String issue(byte[] key, String ip, String host, long nowSeconds, long ttlSeconds, int difficulty) {
        byte[] salt = new byte[12];
        RANDOM.nextBytes(salt);
        String payload = "v1|" + ip + "|" + host + "|" + (nowSeconds + ttlSeconds) + "|" + difficulty + "|" + CaptchaToken.b64(salt);
        String encoded = CaptchaToken.b64(payload.getBytes(StandardCharsets.UTF_8));
        return encoded + "." + CaptchaToken.b64(CaptchaToken.hmac("HmacSHA256", key, encoded));
    }

    /**
     * True when {@code solution} ("challenge:nonce") carries a challenge we signed, for this IP and host,
     * not expired, at least {@code minDifficulty} hard, and solved.
     */
    public static boolean verify(byte[] key, String solution, String ip, String host, long nowSeconds, int minDifficulty) {
        if (solution == null || solution.length() > 1024) {
            return false;
        }
        int colon = solution.lastIndexOf(':');
        int dot = solution.indexOf('.');
        if (colon <= 0 || dot <= 0 || dot > colon) {
            return false;
        }
        String challenge = solution.substring(0, colon);
        String encoded = challenge.substring(0, dot);
        try {
            byte[] sig = Base64.getUrlDecoder().decode(challenge.substring(dot + 1));
            if (!MessageDigest.isEqual(sig, CaptchaToken.hmac("HmacSHA256", key, encoded))) {
                return false;
            }
            String[] f = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\\|");
            if (f.length != 6 || !"v1".equals(f[0]) || !f[1].equals(ip) || !f[2].equals(host)) {
                return false;
            }
            int difficulty = Integer.parseInt(f[4]);
            if (nowSeconds > Long.parseLong(f[3]) || difficulty < minDifficulty || difficulty > 64) {
                return false;
            }
            String nonce = solution.substring(colon + 1);
            if (nonce.isEmpty() || nonce.length() > 20 || !nonce.chars().allMatch(Character::isDigit)) {
                return false;
            }
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((challenge + ":" + nonce).getBytes(StandardCharsets.US_ASCII));
            return leadingZeroBits(hash) >= difficulty;
        } catch (IllegalArgumentException | NoSuchAlgorithmException e) {
            return false;
        }
    }

    static int leadingZeroBits(byte[] hash) {
        int bits = 0;
        for (byte b : hash) {
            if (b == 0) {
                bits += 8;
                continue;
            }
            return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
        }
        return bits;
    }
}
