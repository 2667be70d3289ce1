package io.spoabouncer.domain.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({
        "4h0m0s, 14400000",
        "3h59m58.123456789s, 14398123",
        "-1.5s, -1500",
        "150ms, 150",
        "0s, 0",
        "0, 0",
        "1h, 3600000",
        "1500us, 1",
        "999999ns, 0",
        "167h59m59s, 604799000",
        "' 2h ', 7200000",
        "+1m, 60000",
        ".5s, 500",
        "1.s, 1000",
        "1m0.0009s, 60000",
        "1m0.001s, 60001",
        "2562047h47m16.854775807s, 9223372036854",
        "1.000000000000000000001h, 3600000",
        "1µs, 0",
        "1μs, 0",
    })
    void parsesGoDurations(String text, long millis) {
        assertEquals(millis, GoDuration.toMillis(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "h", "5", "5d", "1h-2m", "abc", "-", ".s", "1..5s", "1hm", "2562047h47m16.854775808s", "9999999999999999999h"})
    void rejectsGarbage(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.toMillis(text));
    }
}
