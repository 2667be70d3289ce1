package io.spoabouncer.domain.bench;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.ip.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic decision mix shaped like real feeds (research/crowdsec-lapi.md §9): 85% IPv4
 * addresses, 10% IPv6 addresses, 5% ranges (IPv4 /16../31, IPv6 /32../64), a few origins and scenarios.
 * IPv6 keys spread over global unicast (2000::/3) as real feeds do, not inside one /32.
 */
public final class SyntheticDecisions {
    private static final String[] ORIGINS = {"crowdsec", "cscli", "CAPI", "lists"};
    private static final String[] SCENARIOS = {"crowdsecurity/ssh-bf", "crowdsecurity/http-probing", "firehol_level1", "manual"};

    private SyntheticDecisions() {
    }

    /**
     * The lookup benchmarks' probes, as {@code {his, los}}: the even ones a held decision's key (any scope),
     * the odd ones a random IPv4 address (mostly misses).
     */
    public static long[][] probes(List<Decision> held, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] his = new long[count];
        long[] los = new long[count];
        for (int i = 0; i < count; i++) {
            if (i % 2 == 0) {
                Decision d = held.get(r.nextInt(held.size()));
                his[i] = d.keyHi();
                los[i] = d.keyLo();
            } else {
                los[i] = IpAddress.v4MappedLow(r.nextInt());
            }
        }
        return new long[][] {his, los};
    }

    public static List<Decision> generate(int n, long seed) {
        DecisionFactory f = new DecisionFactory();
        SplittableRandom r = new SplittableRandom(seed);
        List<Decision> out = new ArrayList<>(n);
        long now = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(100);
            String value;
            if (kind < 85) {
                value = IpAddress.format(0, IpAddress.v4MappedLow(r.nextInt()));
            } else if (kind < 95) {
                value = IpAddress.format(globalV6(r), r.nextLong());
            } else if (kind < 98) {
                value = IpAddress.format(0, IpAddress.v4MappedLow(r.nextInt())) + "/" + (16 + r.nextInt(16));
            } else {
                value = IpAddress.format(globalV6(r), 0) + "/" + (32 + r.nextInt(33));
            }
            String type = r.nextInt(10) == 0 ? "captcha" : "ban";
            out.add(f.create(kind < 95 ? "Ip" : "Range", value, type, ORIGINS[r.nextInt(ORIGINS.length)],
                    SCENARIOS[r.nextInt(SCENARIOS.length)], now + 3_600_000L + r.nextInt(86_400_000), "bench"));
        }
        return out;
    }

    /** The high word of a random global unicast IPv6 address. */
    private static long globalV6(SplittableRandom r) {
        return 0x2000_0000_0000_0000L | (r.nextLong() >>> 3);
    }
}
