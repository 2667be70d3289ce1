package io.spoabouncer.domain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.decision.DecisionTag;
import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.domain.ip.IpNetwork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The store against a plain model (a map of decisions searched by brute force), through thousands of random
 * batches over a small key space, so the same keys are added, replaced, removed, expired and re-added and the
 * tables go through tombstones, rehashes, chain unlinks, record reuse and bucket rebuilds.
 */
class DecisionStoreModelTest {
    private static final String[] TYPES = {"ban", "captcha", "allow", "throttle"};
    private static final String[] RANGES = {
        "10.0.0.0/8", "10.0.0.0/16", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/30", "10.0.3.4/31", "10.1.0.0/16",
        "0.0.0.0/0", "::ffff:0:0/96", "::/0", "::/8", "2001:db8::/32", "2001:db8::/48", "2001:db8::/120",
        "2001:db8::80/121", "2001::/16", "11.0.0.0/15", "9.255.0.0/16"};
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DecisionStore store = new DecisionStore(now::get);
    private final DecisionFactory factory = new DecisionFactory();
    private final Random random = new Random(7);
    /** identity (source, scope, value, type) → decision held. */
    private final Map<String, Decision> model = new HashMap<>();

    private static String identity(Decision d) {
        return d.source() + "|" + d.scope() + "|" + d.value() + "|" + d.type();
    }

    private String randomValue() {
        switch (random.nextInt(5)) {
            case 0: return "10.0." + random.nextInt(4) + "." + random.nextInt(8);
            case 1: return "2001:db8::" + Integer.toHexString(random.nextInt(200));
            case 2: return RANGES[random.nextInt(RANGES.length)];
            case 3: return "11.1." + random.nextInt(2) + "." + random.nextInt(4);
            default: return random.nextBoolean() ? "10.0.3." + random.nextInt(8) : "9.255.1." + random.nextInt(4);
        }
    }

    private Decision randomDecision(String source) {
        String value = randomValue();
        long expiry = random.nextInt(4) == 0 ? now.get() + random.nextInt(3000) : Decision.NEVER_EXPIRES;
        return factory.create(value.contains("/") ? "Range" : "Ip", value, TYPES[random.nextInt(TYPES.length)],
                random.nextBoolean() ? "crowdsec" : "cscli", "s" + random.nextInt(3), expiry, source);
    }

    private IpAddress randomProbe() {
        switch (random.nextInt(6)) {
            case 0: return IpAddress.parse("10.0." + random.nextInt(4) + "." + random.nextInt(8));
            case 1: return IpAddress.parse("2001:db8::" + Integer.toHexString(random.nextInt(256)));
            case 2: return IpAddress.parse("11." + random.nextInt(2) + "." + random.nextInt(2) + "." + random.nextInt(4));
            case 3: return IpAddress.parse("10." + random.nextInt(3) + ".3." + random.nextInt(8));
            case 4: return IpAddress.parse(random.nextInt(256) + "." + random.nextInt(256) + ".1.1");
            default: return new IpAddress(random.nextLong(), random.nextLong());
        }
    }

    @Test
    void randomBatchesAgreeWithBruteForce() {
        String[] sources = {"lapi", "file"};
        for (int round = 0; round < 3000; round++) {
            String source = sources[random.nextInt(2)];
            int op = random.nextInt(20);
            if (op == 0) {
                List<Decision> all = new ArrayList<>();
                for (int i = random.nextInt(100); i > 0; i--) { // several of the loader's read-ahead groups
                    all.add(randomDecision(source));
                }
                store.replace(source, all);
                model.values().removeIf(d -> d.source().equals(source));
                all.forEach(d -> model.put(identity(d), d));
            } else if (op == 1) {
                now.addAndGet(random.nextInt(1500));
                store.purgeExpired();
                model.values().removeIf(d -> d.isExpired(now.get()));
            } else if (op == 2) {
                // A streamed replacement that fails half way: nothing changes.
                try (DecisionStore.Loader l = store.startReplace(source, 0)) {
                    for (int i = random.nextInt(80); i > 0; i--) {
                        l.add(randomDecision(source));
                    }
                }
            } else {
                List<Decision> adds = new ArrayList<>();
                List<Decision> removes = new ArrayList<>();
                for (int i = random.nextInt(8); i > 0; i--) {
                    adds.add(randomDecision(source));
                }
                List<Decision> held = new ArrayList<>(model.values());
                for (int i = random.nextInt(6); i > 0 && !held.isEmpty(); i--) {
                    removes.add(held.get(random.nextInt(held.size())));
                }
                if (random.nextInt(4) == 0) {
                    removes.add(randomDecision(source));
                }
                store.apply(source, adds, removes);
                // A removal names a key and type; the source removes its own decision of that kind.
                removes.forEach(d -> model.remove(identity(d.withSource(source))));
                adds.forEach(d -> model.put(identity(d), d));
            }
            check(round);
        }
    }

    private void check(int round) {
        assertEquals(model.size(), store.size(), "size after round " + round);
        for (String s : new String[] {"lapi", "file"}) {
            long expected = model.values().stream().filter(d -> d.source().equals(s)).count();
            assertEquals(expected, store.size(s), "size of " + s + " after round " + round);
        }
        if (round % 50 == 0) {
            Set<String> held = new HashSet<>();
            store.forEach(d -> assertTrue(held.add(identity(d) + "@" + d.expiresAtMillis()), "listed twice: " + d));
            Set<String> expected = new HashSet<>();
            model.values().forEach(d -> expected.add(identity(d) + "@" + d.expiresAtMillis()));
            assertEquals(expected, held, "forEach after round " + round);
        }
        for (int i = 0; i < 30; i++) {
            IpAddress a = randomProbe();
            int bestRank = -1;
            List<DecisionTag> best = new ArrayList<>();
            for (Decision d : model.values()) {
                if (d.isExpired(now.get()) || !new IpNetwork(d.keyHi(), d.keyLo(), d.prefixLength()).contains(a.hi(), a.lo())) {
                    continue;
                }
                if (d.type().rank() > bestRank) {
                    bestRank = d.type().rank();
                    best.clear();
                }
                if (d.type().rank() == bestRank) {
                    best.add(d.tag());
                }
            }
            DecisionTag found = store.lookup(a.hi(), a.lo(), 0, -1);
            if (bestRank < 0) {
                assertEquals(null, found, a + " after round " + round);
            } else {
                assertTrue(found != null && best.contains(found), a + " after round " + round + ": " + found + ", expected one of " + best);
            }
        }
    }
}
