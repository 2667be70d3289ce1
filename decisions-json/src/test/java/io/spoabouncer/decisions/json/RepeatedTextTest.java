package io.spoabouncer.decisions.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RepeatedTextTest {
    private final RepeatedText text = new RepeatedText();

    private String of(String s) {
        char[] buf = ("xx" + s + "yy").toCharArray();
        return text.of(buf, 2, s.length());
    }

    @Test
    void aRepeatedValueIsOneInstance() {
        String first = of("crowdsecurity/ssh-bf");
        assertSame(first, of("crowdsecurity/ssh-bf"));
        assertEquals("crowdsecurity/ssh-bf", first);
    }

    @Test
    void everyValueComesBackAsItself() {
        // far more values than slots: collisions evict, they never answer another value
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5000; i++) {
                assertEquals("scenario-" + i, of("scenario-" + i));
            }
        }
        assertEquals("", of(""));
        String longer = "a".repeat(RepeatedText.MAX_LENGTH + 1);
        assertEquals(longer, of(longer));
    }
}
