package io.spoabouncer.domain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.ip.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Readers racing a writer never see half a batch: every answer read from a snapshot that was still the
 * current one afterwards (the store's own lookup protocol) shows exactly one whole set.
 */
class DecisionStoreConcurrencyTest {
    @Test
    void readersSeeEitherTheWholeOldSetOrTheWholeNewOne() throws Exception {
        DecisionFactory f = new DecisionFactory();
        // Set A bans 10.0.0.0/24 addresses and the range 172.16.0.0/12; set B bans 10.0.1.0/24 and 192.168.0.0/16.
        List<Decision> a = new ArrayList<>();
        List<Decision> b = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            a.add(f.create("Ip", "10.0.0." + i, "ban", "o", "", Decision.NEVER_EXPIRES, "s"));
            b.add(f.create("Ip", "10.0.1." + i, "ban", "o", "", Decision.NEVER_EXPIRES, "s"));
        }
        a.add(f.create("Range", "172.16.0.0/12", "ban", "o", "", Decision.NEVER_EXPIRES, "s"));
        b.add(f.create("Range", "192.168.0.0/16", "ban", "o", "", Decision.NEVER_EXPIRES, "s"));
        DecisionStore store = new DecisionStore();
        store.replace("s", a);
        IpAddress[] probes = {IpAddress.parse("10.0.0.7"), IpAddress.parse("172.20.1.1"), IpAddress.parse("10.0.1.7"), IpAddress.parse("192.168.3.3")};
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong torn = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread r = new Thread(() -> {
                while (!stop.get()) {
                    // Every published snapshot holds exactly one whole set.
                    Snapshot snap = store.currentSnapshot();
                    int found = 0;
                    int mask = 0;
                    for (int p = 0; p < probes.length; p++) {
                        if (snap.lookup(probes[p].hi(), probes[p].lo(), 0, -1, 0) != null) {
                            found++;
                            mask |= 1 << p;
                        }
                    }
                    if (store.currentSnapshot() != snap) {
                        // A newer snapshot was published meanwhile: as the store's lookup does, look again.
                        continue;
                    }
                    if (found != 2 || (mask != 0b0011 && mask != 0b1100)) {
                        torn.incrementAndGet();
                    }
                    reads.incrementAndGet();
                }
            });
            r.start();
            readers.add(r);
        }
        for (int i = 0; i < 2000; i++) {
            store.replace("s", i % 2 == 0 ? b : a);
        }
        stop.set(true);
        for (Thread r : readers) {
            r.join();
        }
        assertEquals(257, store.size());
        assertEquals(0, torn.get(), "snapshots showing half a batch, out of " + reads.get() + " reads");
        org.junit.jupiter.api.Assertions.assertTrue(reads.get() > 1000, "readers ran alongside the writer");
    }
}
