package io.spoabouncer.adapter.haproxymaps;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.decision.Scope;
import io.spoabouncer.domain.ip.IpNetwork;
import io.spoabouncer.ports.out.DecisionView;
import io.spoabouncer.ports.out.GeoLocator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The map HAProxy's {@code map_ip} reads, meaning what the store means. HAProxy takes the longest matching
 * key, the store the strongest of every covering decision. CIDRs are nested or disjoint, so giving each
 * key the strongest remediation among the networks that contain it makes the two agree for every address:
 * the longest key matching an address is contained in every other decision covering it. Country and AS
 * decisions enter as the CIDRs covering the database's ranges for them (disjoint among themselves, so nested
 * or disjoint with every other key too). Values: {@code ban}
 * (a challenge decision is a ban), {@code captcha}, {@code unknown} (other types), {@code allow}.
 */
final class MapEntries {
    private MapEntries() {
    }

    /** The entries now, key (CIDR) to value, sorted; and the earliest expiry among them. */
    record Built(Map<String, String> entries, long nextExpiryMillis) {
    }

    static Built build(DecisionView view, GeoLocator geo, long nowMillis) {
        Map<IpNetwork, Remediation> strongest = new HashMap<>();
        long[] nextExpiry = {Long.MAX_VALUE};
        view.forEach(d -> {
            if (d.isExpired(nowMillis)) {
                return;
            }
            Remediation r = enforced(d);
            Consumer<IpNetwork> put = n -> strongest.merge(n, r, (a, b) -> b.beats(a) ? b : a);
            GeoLocator.RangeSink ranges = (fh, fl, lh, ll) -> IpNetwork.cover(fh, fl, lh, ll, put);
            switch (d.scope()) {
                case IP, RANGE -> put.accept(new IpNetwork(d.keyHi(), d.keyLo(), d.prefixLength()));
                case COUNTRY -> geo.forEachCountryRange((int) d.keyLo(), ranges);
                case AS -> geo.forEachAsRange(d.keyLo(), ranges);
                default -> {
                    return;
                }
            }
            if (d.expiresAtMillis() < nextExpiry[0]) {
                nextExpiry[0] = d.expiresAtMillis();
            }
        });
        // Only prefix lengths some key has can cover another key: a million /32s and /24s cost one lookup each.
        java.util.BitSet lengths = new java.util.BitSet(129);
        strongest.keySet().forEach(n -> lengths.set(n.prefixLength()));
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<IpNetwork, Remediation> e : strongest.entrySet()) {
            IpNetwork n = e.getKey();
            Remediation best = e.getValue();
            // Every shorter prefix of this network that is itself a decision covers it too.
            int shortest = n.isV4() ? 96 : 0;
            for (int len = lengths.previousSetBit(n.prefixLength() - 1); len >= shortest; len = lengths.previousSetBit(len - 1)) {
                Remediation wider = strongest.get(new IpNetwork(n.hi() & IpNetwork.maskHi(len), n.lo() & IpNetwork.maskLo(len), len));
                if (wider != null && wider.beats(best)) {
                    best = wider;
                }
            }
            out.put(key(n), value(best));
        }
        return new Built(out, nextExpiry[0]);
    }

    static Remediation enforced(Decision d) {
        return d.type() == Remediation.CHALLENGE ? Remediation.BAN : d.type().asHaproxyValue();
    }

    static String value(Remediation r) {
        return r.asHaproxyValue().name();
    }

    /** 1.2.3.4 for a single address, 10.0.0.0/8 for a range; IPv6 likewise. */
    static String key(IpNetwork n) {
        String s = n.toString();
        return n.isSingleAddress() ? s.substring(0, s.indexOf('/')) : s;
    }
}
