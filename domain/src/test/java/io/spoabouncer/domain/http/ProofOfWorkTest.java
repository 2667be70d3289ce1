package io.spoabouncer.domain.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class ProofOfWorkTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final long NOW = 1_800_000_000L;

    static String solve(String challenge, int difficulty) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (long n = 0; ; n++) {
            if (ProofOfWork.leadingZeroBits(sha.digest((challenge + ":" + n).getBytes(StandardCharsets.US_ASCII))) >= difficulty) {
                return challenge + ":" + n;
            }
        }
    }

    @Test
    void aSolvedChallengeVerifiesOnlyForItsIpHostAndLifetime() throws Exception {
        String challenge = ProofOfWork.issue(KEY, "192.0.2.7", "www.example.com", NOW, 300, 12);
        String solution = solve(challenge, 12);
        assertTrue(ProofOfWork.verify(KEY, solution, "192.0.2.7", "www.example.com", NOW + 10, 12));
        assertFalse(ProofOfWork.verify(KEY, solution, "192.0.2.8", "www.example.com", NOW + 10, 12), "another client");
        assertFalse(ProofOfWork.verify(KEY, solution, "192.0.2.7", "evil.example.com", NOW + 10, 12), "another host");
        assertFalse(ProofOfWork.verify(KEY, solution, "192.0.2.7", "www.example.com", NOW + 301, 12), "expired");
        assertFalse(ProofOfWork.verify(KEY, solution, "192.0.2.7", "www.example.com", NOW + 10, 13), "easier than required");
        assertFalse(ProofOfWork.verify("another-key-another-key-another!".getBytes(StandardCharsets.UTF_8), solution, "192.0.2.7",
                "www.example.com", NOW, 12), "not signed by us");
    }

    @Test
    void unsolvedOrMalformedSolutionsFail() {
        String challenge = ProofOfWork.issue(KEY, "192.0.2.7", "h", NOW, 300, 20);
        assertFalse(ProofOfWork.verify(KEY, challenge + ":0", "192.0.2.7", "h", NOW, 20));
        assertFalse(ProofOfWork.verify(KEY, challenge, "192.0.2.7", "h", NOW, 20));
        assertFalse(ProofOfWork.verify(KEY, challenge + ":-1", "192.0.2.7", "h", NOW, 20));
        assertFalse(ProofOfWork.verify(KEY, "x.y:1", "192.0.2.7", "h", NOW, 20));
        assertFalse(ProofOfWork.verify(KEY, null, "192.0.2.7", "h", NOW, 20));
    }

    @Test
    void countsLeadingZeroBits() {
        assertTrue(ProofOfWork.leadingZeroBits(new byte[] {0, 0, 0x0f}) == 20);
        assertTrue(ProofOfWork.leadingZeroBits(new byte[] {(byte) 0x80}) == 0);
        assertTrue(ProofOfWork.leadingZeroBits(new byte[] {0, 1}) == 15);
    }
}
