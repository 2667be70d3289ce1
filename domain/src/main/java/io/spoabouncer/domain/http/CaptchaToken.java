package io.spoabouncer.domain.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The captcha cookie's token: an HS256 JWT with the Go bouncer's claims ({@code uuid}, {@code st} =
 * pending|valid, {@code iat}, {@code exp}), so Go and Java agents sharing a signing key accept each other's
 * cookies. Optional {@code host} and {@code ip} claims bind it further; checked only when the policy asks.
 * Signatures are compared in constant time.
 */
public record CaptchaToken(String uuid, String status, long issuedAt, long expiresAt, String host, String ip) {
    public static final String PENDING = "pending";
    public static final String VALID = "valid";
    private static final String HEADER = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    public boolean isPassed(long nowSeconds) {
        return VALID.equals(status) && nowSeconds <= expiresAt;
    }

    public CaptchaToken passed(long nowSeconds, long ttlSeconds) {
        return new CaptchaToken(uuid, VALID, nowSeconds, nowSeconds + ttlSeconds, host, ip);
    }

    public String sign(byte[] key) {
        StringBuilder claims = new StringBuilder(128).append("{\"uuid\":").append(quote(uuid))
                .append(",\"st\":").append(quote(status)).append(",\"iat\":").append(issuedAt).append(",\"exp\":").append(expiresAt);
        if (host != null) {
            claims.append(",\"host\":").append(quote(host));
        }
        if (ip != null) {
            claims.append(",\"ip\":").append(quote(ip));
        }
        String signingInput = HEADER + "." + b64(claims.append('}').toString().getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + b64(hmac("HmacSHA256", key, signingInput));
    }

    /** The token, or null when it is malformed, forged, of another algorithm, or expired. */
    public static CaptchaToken verify(String compact, byte[] key, long nowSeconds) {
        if (compact == null || compact.length() > 4096) {
            return null;
        }
        int d1 = compact.indexOf('.');
        int d2 = compact.indexOf('.', d1 + 1);
        if (d1 <= 0 || d2 <= d1 || compact.indexOf('.', d2 + 1) >= 0) {
            return null;
        }
        try {
            Map<String, String> header = flatJson(new String(Base64.getUrlDecoder().decode(compact.substring(0, d1)), StandardCharsets.UTF_8));
            if (!"HS256".equals(header.get("alg"))) {
                return null; // only what agents sign: "none", other HMACs and asymmetric algorithms are refused (as HAProxy's check does)
            }
            byte[] expected = hmac("HmacSHA256", key, compact.substring(0, d2));
            byte[] actual = Base64.getUrlDecoder().decode(compact.substring(d2 + 1));
            if (!MessageDigest.isEqual(expected, actual)) {
                return null;
            }
            Map<String, String> c = flatJson(new String(Base64.getUrlDecoder().decode(compact.substring(d1 + 1, d2)), StandardCharsets.UTF_8));
            long exp = Long.parseLong(c.getOrDefault("exp", "0"));
            if (nowSeconds > exp) {
                return null;
            }
            return new CaptchaToken(c.getOrDefault("uuid", ""), c.getOrDefault("st", ""), Long.parseLong(c.getOrDefault("iat", "0")), exp,
                    c.get("host"), c.get("ip"));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static byte[] hmac(String algorithm, byte[] key, String input) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                out.append('\\').append(ch);
            } else if (ch < 0x20) {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return out.append('"').toString();
    }

    /** A flat JSON object of string, number and boolean values (what a JWT header and these claims are). */
    static Map<String, String> flatJson(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        int[] pos = {skip(json, 0)};
        expect(json, pos, '{');
        if (peek(json, pos) == '}') {
            return out;
        }
        while (true) {
            String name = string(json, pos);
            expect(json, pos, ':');
            char c = peek(json, pos);
            String value;
            if (c == '"') {
                value = string(json, pos);
            } else {
                int start = pos[0];
                while (pos[0] < json.length() && ",} \t\r\n".indexOf(json.charAt(pos[0])) < 0) {
                    pos[0]++;
                }
                value = json.substring(start, pos[0]);
                if (value.isEmpty() || value.startsWith("{") || value.startsWith("[")) {
                    throw new IllegalArgumentException("nested or empty value");
                }
            }
            out.put(name, value);
            char sep = peek(json, pos);
            pos[0]++;
            if (sep == '}') {
                return out;
            }
            if (sep != ',') {
                throw new IllegalArgumentException("bad JSON");
            }
        }
    }

    private static int skip(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static char peek(String s, int[] pos) {
        pos[0] = skip(s, pos[0]);
        if (pos[0] >= s.length()) {
            throw new IllegalArgumentException("truncated JSON");
        }
        return s.charAt(pos[0]);
    }

    private static void expect(String s, int[] pos, char c) {
        if (peek(s, pos) != c) {
            throw new IllegalArgumentException("expected " + c);
        }
        pos[0]++;
    }

    private static String string(String s, int[] pos) {
        expect(s, pos, '"');
        StringBuilder out = new StringBuilder();
        while (pos[0] < s.length()) {
            char c = s.charAt(pos[0]++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                if (pos[0] >= s.length()) {
                    break; // a lone backslash at the end: unterminated
                }
                char e = s.charAt(pos[0]++);
                switch (e) {
                    case 'u':
                        if (pos[0] + 4 > s.length()) {
                            throw new IllegalArgumentException("truncated \\u escape");
                        }
                        out.append((char) Integer.parseInt(s.substring(pos[0], pos[0] + 4), 16));
                        pos[0] += 4;
                        break;
                    case 'n': out.append('\n'); break;
                    case 't': out.append('\t'); break;
                    case 'r': out.append('\r'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    default: out.append(e);
                }
            } else {
                out.append(c);
            }
        }
        throw new IllegalArgumentException("unterminated string");
    }
}
