package io.spoabouncer.domain.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.spoabouncer.domain.http.ChallengeToken;

/**
 * Fuzz target: the AppSec challenge relay token. The reader answers a token or null and never throws; a token
 * it accepts signs and verifies again to itself.
 * The fuzzer may also sign what it wrote with the right key, so it reaches the parsing behind the
 * signature check (what a leaked key would expose), not only the part before it.
 */
class ChallengeTokenFuzzTest {
    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({"1", "/", "."})
    void challengeRelayToken(byte[] input) {
        if (input.length == 0) {
            return;
        }
        // first byte odd: the rest is the payload, encoded and signed with the key; even: the token as sent
        String payload = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        String token = payload;
        if ((input[0] & 1) == 1) {
            // signed as the agent signs: HMAC-SHA256 over a domain-separated input, cut to 18 bytes
            String encoded = FuzzSigning.b64(payload);
            token = encoded + "." + FuzzSigning.B64.encodeToString(java.util.Arrays.copyOf(FuzzSigning.hmac("crowdsec-challenge-relay\n" + encoded), 18));
        }
        ChallengeToken t = ChallengeToken.verify(token, FuzzSigning.KEY, FuzzSigning.NOW);
        if (t != null) {
            assertEquals(t, ChallengeToken.verify(t.sign(FuzzSigning.KEY), FuzzSigning.KEY, FuzzSigning.NOW));
        }
    }
}
