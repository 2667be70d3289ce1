package io.spoabouncer.domain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.domain.ip.IpNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RangeIndexTest {
    final DecisionFactory factory = new DecisionFactory();

    Decision range(String cidr) {
        return factory.create("Range", cidr, "ban", "o", "", Decision.NEVER_EXPIRES, "s");
    }

    @Test
    void emptyAndEdges() {
        assertNull(RangeIndex.EMPTY.find(0, 0));
        RangeIndex all = RangeIndex.build(List.of(range("::/0"), range("0.0.0.0/0"), range("255.255.255.255/32")));
        assertEquals(1, all.find(0x2001_0db8_0000_0000L, 1).length);
        IpAddress last = IpAddress.parse("255.255.255.255");
        assertEquals(3, all.find(last.hi(), last.lo()).length);
        assertEquals(1, all.find(-1L, -1L).length, "the last address of the space");
    }

    @Test
    void matchesBruteForceOnRandomNestedRanges() {
        Random r = new Random(1);
        List<Decision> ranges = new ArrayList<>();
        List<IpNetwork> networks = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String cidr = r.nextBoolean()
                    ? (r.nextInt(4) + 10) + "." + r.nextInt(4) + "." + r.nextInt(256) + ".0/" + (8 + r.nextInt(25))
                    : "2001:db8:" + Integer.toHexString(r.nextInt(4)) + "::/" + (32 + r.nextInt(97));
            Decision d = range(cidr);
            ranges.add(d);
            networks.add(new IpNetwork(d.keyHi(), d.keyLo(), d.prefixLength()));
        }
        RangeIndex index = RangeIndex.build(ranges);
        for (int i = 0; i < 20_000; i++) {
            IpAddress a = r.nextBoolean()
                    ? IpAddress.parse((r.nextInt(4) + 10) + "." + r.nextInt(4) + "." + r.nextInt(256) + "." + r.nextInt(256))
                    : new IpAddress(0x2001_0db8_0000_0000L | r.nextInt(4) << 16, r.nextLong());
            List<Decision> expected = new ArrayList<>();
            for (int k = 0; k < ranges.size(); k++) {
                if (networks.get(k).contains(a.hi(), a.lo())) {
                    expected.add(ranges.get(k));
                }
            }
            Decision[] found = index.find(a.hi(), a.lo());
            List<Decision> actual = found == null ? List.of() : new ArrayList<>(Arrays.asList(found));
            Comparator<Decision> byIdentity = Comparator.comparingInt(System::identityHashCode);
            expected.sort(byIdentity);
            actual.sort(byIdentity);
            assertEquals(expected, actual, a.toString());
        }
    }
}
