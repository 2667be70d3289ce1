package io.spoabouncer.domain.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.decision.Remediation;
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

    /**
     * Batches that grow the record columns and the tables (new arrays) while readers and a visit run on an
     * older snapshot: a reader meets ids past its snapshot's arrays and must neither fail nor lose what it held.
     */
    @Test
    void readersAndVisitsSurviveBatchesThatGrowTheStore() throws Exception {
        DecisionFactory f = new DecisionFactory();
        DecisionStore store = new DecisionStore();
        store.replace("anchor", List.of(f.create("Ip", "1.1.1.1", "ban", "o", "", Decision.NEVER_EXPIRES, "anchor"),
                f.create("Range", "9.9.0.0/16", "ban", "o", "", Decision.NEVER_EXPIRES, "anchor")));
        IpAddress held = IpAddress.parse("1.1.1.1");
        IpAddress inRange = IpAddress.parse("9.9.3.4");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong lost = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread r = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        if (store.lookup(held.hi(), held.lo(), 0, -1) == null || store.lookup(inRange.hi(), inRange.lo(), 0, -1) == null) {
                            lost.incrementAndGet();
                        }
                        reads.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(r);
        }
        threads.add(new Thread(() -> {
            try {
                while (!stop.get()) {
                    store.forEach(d -> { });
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        }));
        threads.forEach(Thread::start);
        for (int batch = 0; batch < 300; batch++) {
            List<Decision> add = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int a = batch * 500 + i;
                add.add(f.create("Ip", "10." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255), "ban", "o", "", Decision.NEVER_EXPIRES, "grow"));
                add.add(f.create("Ip", "2001:db8::" + Integer.toHexString(a >> 16) + ":" + Integer.toHexString(a & 0xffff), "ban", "o", "", Decision.NEVER_EXPIRES, "grow"));
            }
            add.add(f.create("Range", "9.9." + (batch & 255) + ".0/24", "captcha", "o", "", Decision.NEVER_EXPIRES, "grow"));
            store.apply("grow", add, List.of());
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(0, lost.get(), "lookups that lost a held decision, out of " + reads.get());
        assertEquals(2 + 300 * 1000 + 256, store.size()); // the /24s repeat after 256 batches
    }

    /**
     * A batch that grows the record columns and then reuses a freed record id for a key held at the
     * published generation: a reader on that snapshot, whose columns are the old ones, must still reach the
     * key's held decision behind the new record (old columns keep the freed id's stale links).
     */
    @Test
    void aFreedIdReusedAfterTheColumnsGrewDoesNotHideAHeldDecision() {
        DecisionFactory f = new DecisionFactory();
        DecisionStore store = new DecisionStore();
        IpAddress key = IpAddress.parse("2001:db8::1");
        store.replace("anchor", List.of(f.create("Ip", key.toString(), "ban", "o", "", Decision.NEVER_EXPIRES, "anchor")));
        List<Decision> gone = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            gone.add(f.create("Ip", "10.9.9." + i, "ban", "o", "", Decision.NEVER_EXPIRES, "s"));
        }
        store.apply("s", gone, List.of());
        store.apply("s", List.of(), gone); // their ids are free once this batch is published
        Snapshot published = store.currentSnapshot();
        try (DecisionStore.Loader loader = store.startReplace("s", 100_000)) { // grows the columns
            loader.add(f.create("Ip", key.toString(), "captcha", "o", "", Decision.NEVER_EXPIRES, "s"));
            assertEquals(Remediation.BAN, published.lookup(key.hi(), key.lo(), 0, -1, 0).type(),
                    "the held ban, seen through the unpublished record in front of it");
        }
    }

    /** A visit of every decision (a snapshot being written) holds up neither batches nor lookups, and sees one generation. */
    @Test
    void aLongVisitDoesNotStallBatches() throws Exception {
        DecisionFactory f = new DecisionFactory();
        DecisionStore store = new DecisionStore();
        List<Decision> first = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            first.add(f.create("Ip", "10.1." + (i / 256) + "." + (i % 256), "ban", "o", "", Decision.NEVER_EXPIRES, "s"));
        }
        first.add(f.create("Range", "172.16.0.0/12", "ban", "o", "", Decision.NEVER_EXPIRES, "s"));
        store.replace("s", first);
        java.util.concurrent.CountDownLatch visiting = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicLong visited = new AtomicLong();
        Thread visitor = new Thread(() -> store.forEach(d -> {
            if (visited.incrementAndGet() == 1) {
                visiting.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        visitor.start();
        visiting.await();
        // While the visit is parked: every old decision removed, new ones added, ranges changed; each batch returns.
        for (int round = 0; round < 20; round++) {
            List<Decision> next = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                next.add(f.create("Ip", "10." + (2 + round) + "." + (i / 256) + "." + (i % 256), "ban", "o", "", Decision.NEVER_EXPIRES, "s"));
            }
            next.add(f.create("Range", "192.168." + round + ".0/24", "captcha", "o", "", Decision.NEVER_EXPIRES, "s"));
            java.util.concurrent.CompletableFuture.runAsync(() -> store.replace("s", next)).get(30, java.util.concurrent.TimeUnit.SECONDS);
            IpAddress in = IpAddress.parse("10." + (2 + round) + ".1.1");
            IpAddress gone = IpAddress.parse("10.1.1.1");
            org.junit.jupiter.api.Assertions.assertNotNull(store.lookup(in.hi(), in.lo(), 0, -1), "round " + round);
            org.junit.jupiter.api.Assertions.assertNull(store.lookup(gone.hi(), gone.lo(), 0, -1), "round " + round);
        }
        release.countDown();
        visitor.join(30_000);
        assertEquals(1001, visited.get(), "the visit saw exactly the set of the generation it started at");
        assertEquals(1001, store.size());
        // Once the visit is over the next batch unlinks what the parked one could not: the store holds one set.
        store.apply("s", List.of(), List.of());
        assertEquals(1001, store.all().size());
    }
}
