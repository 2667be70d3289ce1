package io.spoabouncer.domain.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {
    @ParameterizedTest
    @CsvSource({
        "1.2.3.4, 1.2.3.4",
        "::ffff:1.2.3.4, 1.2.3.4",
        "::FFFF:0102:0304, 1.2.3.4",
        "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "::1, ::1",
        "::, ::",
        "fe80::1%eth0, fe80::1",
        "255.255.255.255, 255.255.255.255",
        "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
    })
    void givenAnySpelling_whenParsed_thenCanonical(String in, String canonical) {
        assertEquals(canonical, IpAddress.parse(in).toString());
    }

    @Test
    void ipv4AndItsMappedFormAreOneKey() {
        assertEquals(IpAddress.parse("10.0.0.1"), IpAddress.parse("::ffff:10.0.0.1"));
        assertTrue(IpAddress.parse("10.0.0.1").isV4());
        assertFalse(IpAddress.parse("2001:db8::1").isV4());
        assertEquals(IpAddress.ofV4(0x7f000001), IpAddress.parse("127.0.0.1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.", "a.b.c.d", "1::2::3", ":1:2", "1:2:3:4:5:6:7:8:9", "12345::", "1.2.3.4/24x", "1:2"})
    void givenGarbage_whenParsed_thenClearError(String in) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpAddress.parse(in));
        assertTrue(e.getMessage().contains("IP address") || e.getMessage().contains("empty"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "1.2.3.4/24, 1.2.3.0/24",
        "10.1.2.3/8, 10.0.0.0/8",
        "2001:DB8::1/32, 2001:db8::/32",
        "::ffff:1.2.3.4/120, 1.2.3.0/24",
        "0.0.0.0/0, 0.0.0.0/0",
        "1.2.3.4, 1.2.3.4/32",
        "2001:db8::1, 2001:db8::1/128",
        "2001:db8:1:2:3:4:5:6/65, 2001:db8:1:2::/65",
    })
    void givenCidr_whenParsed_thenHostBitsCleared(String in, String canonical) {
        assertEquals(canonical, IpNetwork.parse(in).toString());
    }

    @Test
    void networkContainsItsAddressesOnly() {
        IpNetwork n = IpNetwork.parse("192.168.1.0/24");
        IpAddress in = IpAddress.parse("192.168.1.77");
        IpAddress out = IpAddress.parse("192.168.2.1");
        assertTrue(n.contains(in.hi(), in.lo()));
        assertFalse(n.contains(out.hi(), out.lo()));
        assertThrows(IllegalArgumentException.class, () -> IpNetwork.parse("1.2.3.4/33"));
        assertThrows(IllegalArgumentException.class, () -> IpNetwork.parse("::/129"));
    }
}
