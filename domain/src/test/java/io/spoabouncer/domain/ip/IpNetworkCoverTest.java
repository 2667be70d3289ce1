package io.spoabouncer.domain.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A range of addresses as the fewest CIDRs: what a country's ranges become in HAProxy's map. */
class IpNetworkCoverTest {
    static List<String> cover(String first, String last) {
        IpAddress a = IpAddress.parse(first);
        IpAddress b = IpAddress.parse(last);
        List<String> out = new ArrayList<>();
        IpNetwork.cover(a.hi(), a.lo(), b.hi(), b.lo(), n -> out.add(n.toString()));
        return out;
    }

    @Test
    void alignedRangesAreOneNetwork() {
        assertEquals(List.of("10.0.0.0/8"), cover("10.0.0.0", "10.255.255.255"));
        assertEquals(List.of("192.0.2.7/32"), cover("192.0.2.7", "192.0.2.7"));
        assertEquals(List.of("2001:db8::/32"), cover("2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"));
    }

    @Test
    void unalignedRangesAreTheFewestNetworksInOrder() {
        assertEquals(List.of("10.0.0.0/23", "10.0.2.0/24"), cover("10.0.0.0", "10.0.2.255"));
        assertEquals(List.of("192.0.2.1/32", "192.0.2.2/31", "192.0.2.4/30", "192.0.2.8/32"), cover("192.0.2.1", "192.0.2.8"));
        // Across the 64-bit halves of the key.
        assertEquals(List.of("2001:db8::ffff:ffff:ffff:ffff/128", "2001:db8:0:1::/128"),
                cover("2001:db8::ffff:ffff:ffff:ffff", "2001:db8:0:1::"));
    }

    @Test
    void theWholeSpaceAndEmptyRanges() {
        assertEquals(List.of("::/0"), cover("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertEquals(List.of(), cover("10.0.0.2", "10.0.0.1"));
    }
}
