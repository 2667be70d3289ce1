package io.spoabouncer.domain.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChallengeTokenTest {
    static final byte[] KEY = "challenge-key-shared-by-the-fleet-0123".getBytes(StandardCharsets.UTF_8);

    @Test
    void signedTokensVerifyAnywhereWithTheKey_andAreUrlSafe() {
        ChallengeToken t = new ChallengeToken("192.0.2.7", "shop.example.com", "/cart?id=1&x=%20", 1000);
        String s = t.sign(KEY);
        assertTrue(s.matches("[A-Za-z0-9_.-]+"), s);
        assertEquals(t, ChallengeToken.verify(s, KEY, 1000));
    }

    @Test
    void forgedExpiredOrMalformedTokensAreRefused() {
        String s = new ChallengeToken("192.0.2.7", "*", "/", 1000).sign(KEY);
        assertNull(ChallengeToken.verify(s, KEY, 1001), "expired");
        assertNull(ChallengeToken.verify(s, "another-key-another-key-another-key!".getBytes(StandardCharsets.UTF_8), 10), "other key");
        String forged = new ChallengeToken("198.51.100.1", "*", "/", 1000).sign(KEY).split("\\.")[0] + "." + s.split("\\.")[1];
        assertNull(ChallengeToken.verify(forged, KEY, 10), "payload swapped under another signature");
        assertNull(ChallengeToken.verify("nonsense", KEY, 10));
        assertNull(ChallengeToken.verify("a.b.c", KEY, 10));
        assertNull(ChallengeToken.verify("!!!.???", KEY, 10));
    }

    @Test
    void aHugeUriIsNotCarried() {
        assertEquals("/", new ChallengeToken("::1", "*", "/" + "a".repeat(5000), 1).originalUri());
        assertEquals("/", new ChallengeToken("::1", "*", "http://elsewhere/", 1).originalUri());
    }
}
