package io.spoabouncer.domain.fuzz;

import java.nio.charset.StandardCharsets;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.spoabouncer.domain.http.ProofOfWork;

/**
 * Fuzz target: a proof-of-work solution ("challenge:nonce"). The reader answers true or false and never throws.
 * The fuzzer may also sign what it wrote with the right key, so it reaches the parsing behind the
 * signature check (what a leaked key would expose), not only the part before it.
 */
class ProofOfWorkFuzzTest {
    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({"v1|", "|", ":", "."})
    void proofOfWork(byte[] input) {
        if (input.length == 0) {
            return;
        }
        // first byte odd: the rest is "payload:nonce", the payload encoded and signed with the key; even: the solution as sent
        String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        int colon = text.lastIndexOf(':');
        String solution = text;
        if ((input[0] & 1) == 1 && colon >= 0) {
            String encoded = FuzzSigning.b64(text.substring(0, colon));
            solution = encoded + "." + FuzzSigning.B64.encodeToString(FuzzSigning.hmac(encoded)) + text.substring(colon);
        }
        ProofOfWork.verify(FuzzSigning.KEY, solution, "192.0.2.1", "example.com", FuzzSigning.NOW, 0);
    }
}
