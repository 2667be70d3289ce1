package io.spoabouncer.domain.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.spoabouncer.domain.http.CaptchaToken;

/**
 * Fuzz target: the captcha cookie (a JWT the agent signs). The reader answers "valid" or "not valid" and never
 * throws; a token it accepts signs and verifies again to the same status.
 * The fuzzer may also sign what it wrote with the right key, so it reaches the parsing behind the
 * signature check (what a leaked key would expose), not only the part before it.
 */
class CaptchaCookieFuzzTest {
    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({"{\"alg\":\"HS256\",\"typ\":\"JWT\"}", "\"st\":\"valid\"", "\"exp\":", "\"iat\":", "\"host\":", "\"ip\":", "\"uuid\":",
            "\\u", "\\", "\"", "{", "}", ",", "."})
    void captchaCookie(byte[] input) {
        if (input.length == 0) {
            return;
        }
        // first byte odd: the rest is "header NUL claims", signed with the key; even: the rest is the cookie as sent
        String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        int nul = text.indexOf('\0');
        String compact = (input[0] & 1) == 1 && nul >= 0 ? signJwt(text.substring(0, nul), text.substring(nul + 1)) : text;
        CaptchaToken t = CaptchaToken.verify(compact, FuzzSigning.KEY, FuzzSigning.NOW);
        if (t != null) {
            assertNotNull(t.status());
            // what verifies signs and verifies again to the same status (within the 4096-character bound on cookies)
            String again = t.sign(FuzzSigning.KEY);
            if (again.length() <= 4096) {
                assertEquals(t.status(), CaptchaToken.verify(again, FuzzSigning.KEY, FuzzSigning.NOW).status());
            }
        }
    }

    private static String signJwt(String header, String claims) {
        String input = FuzzSigning.b64(header) + "." + FuzzSigning.b64(claims);
        return input + "." + FuzzSigning.B64.encodeToString(FuzzSigning.hmac(input));
    }
}
