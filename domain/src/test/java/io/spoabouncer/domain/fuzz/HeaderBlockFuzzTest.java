package io.spoabouncer.domain.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.spoabouncer.domain.http.HeaderBlock;
import io.spoabouncer.domain.request.ByteView;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Fuzz target: any {@code req.hdrs} block and any form body. Every found value lies inside the block, and
 * {@link HeaderBlock#find} agrees with a plain String reading of the same lines (the oracle below), so a
 * hostile header can neither crash the lookup nor make it read the wrong header.
 */
class HeaderBlockFuzzTest {
    private static final byte[] HOST = "host".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COOKIE = "cookie".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NAME = "crowdsec_captcha".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FIELD = "h-captcha-response".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({"Host: ", "Cookie: ", "crowdsec_captcha=", "h-captcha-response=", "; ", "&"})
    void anyHeaderBlock(byte[] input) {
        ByteView view = new ByteView(input.length);
        System.arraycopy(input, 0, view.prepare(input.length), 0, input.length);
        long host = HeaderBlock.find(view, HOST);
        inside(view, host);
        assertEquals(oracleFind(input, "host"), text(view, host), "the Host header found");
        inside(view, HeaderBlock.cookie(view, COOKIE, NAME));
        inside(view, HeaderBlock.formField(view, FIELD));
        HeaderBlock.startsWithIgnoreCase(view, host, "www.".getBytes(StandardCharsets.US_ASCII));
    }

    private static void inside(ByteView view, long packed) {
        if (packed != HeaderBlock.ABSENT) {
            int off = HeaderBlock.offset(packed);
            int len = HeaderBlock.length(packed);
            assertTrue(off >= 0 && len >= 0 && off + len <= view.length(), "a value outside the block: " + off + "+" + len);
        }
    }

    private static String text(ByteView view, long packed) {
        return packed == HeaderBlock.ABSENT ? null
                : new String(view.array(), HeaderBlock.offset(packed), HeaderBlock.length(packed), StandardCharsets.ISO_8859_1);
    }

    /** The first line "name:" (ASCII case-insensitive), its value trimmed of spaces and tabs. */
    private static String oracleFind(byte[] block, String lowerName) {
        String s = new String(block, StandardCharsets.ISO_8859_1);
        for (String line : s.split("\n", -1)) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.length() > lowerName.length() && line.charAt(lowerName.length()) == ':'
                    && asciiLower(line.substring(0, lowerName.length())).equals(lowerName)) {
                return line.substring(lowerName.length() + 1).replaceAll("^[ \t]+|[ \t]+\\z", ""); // \\z: $ would also match before a final CR
            }
        }
        return null;
    }

    private static String asciiLower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return b.toString();
    }
}
