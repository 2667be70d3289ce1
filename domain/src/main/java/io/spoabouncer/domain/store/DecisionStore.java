package io.spoabouncer.domain.store;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionTag;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.decision.Scope;
import io.spoabouncer.domain.ip.IpAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Every decision the agent holds, from every source. Lookups never lock and never allocate. Updates come in
 * batches from the sources' own threads and cost what they change: a batch writes its records in place,
 * stamped with the next generation, then publishes a {@link Snapshot} at that generation, so a lookup sees
 * all of a batch or none of it. Records a batch removed are unlinked right after the publish (the prune);
 * a lookup that started on an older snapshot than the current one looks again, since only such a lookup
 * could see an unlinked or reused record. A source only ever removes its own decisions.
 */
public final class DecisionStore {
    private final LongSupplier clock;
    private final ReentrantLock writer = new ReentrantLock();
    /** Held (shared) by a visit of every decision: pruning waits for the next batch instead of unlinking under it. */
    private final ReentrantReadWriteLock visits = new ReentrantReadWriteLock();

    private final Records records = new Records(16);
    private final V4Table v4 = new V4Table(16);
    private final KeyTable v6 = new KeyTable(16);
    private final KeyTable countries = new KeyTable(16);
    private final KeyTable asns = new KeyTable(16);
    private final RangeIndex ranges = new RangeIndex();
    private final Map<String, int[]> bySource = new HashMap<>();
    private int count;
    /** Chains (table, key) a batch deleted from, to unlink after the publish. */
    private long[] pruneKeys = new long[48];
    private int pruneCount;
    private boolean pruneAll;

    private volatile Snapshot snapshot;
    /** Bumped on every batch: observers (a map sync) compare it instead of diffing the store. */
    private volatile long generation;

    public DecisionStore(LongSupplier clockMillis) {
        this.clock = clockMillis;
        this.snapshot = new Snapshot(0, records, v4, v6, countries, asns, ranges, 0, Map.of());
    }

    public DecisionStore() {
        this(CoarseClock.INSTANCE);
    }

    /** The strongest live decision for the address (128-bit key), its country (packed, 0 if unknown) and AS (-1 if unknown). */
    public DecisionTag lookup(long hi, long lo, int country, long asn) {
        long now = clock.getAsLong();
        while (true) {
            Snapshot s = snapshot;
            int r = s.find(hi, lo, country, asn, now);
            DecisionTag tag = r == 0 ? null : s.tags[r];
            if (snapshot == s) {
                return tag;
            }
        }
    }

    public int size() {
        return snapshot.decisionCount;
    }

    /** The published snapshot; tests use it to check that a batch is seen whole. */
    Snapshot currentSnapshot() {
        return snapshot;
    }

    /** Decisions held for one source (live or not yet purged). */
    public int size(String source) {
        return snapshot.countBySource.getOrDefault(source, 0);
    }

    public long generation() {
        return generation;
    }

    /** True when some Country or AS decision is held, so a caller knows a geo lookup can matter. */
    public boolean hasGeoDecisions() {
        return snapshot.hasGeo;
    }

    /** Adds and removes decisions of one source in one atomic step. Removals match by scope, value and type. */
    public BatchResult apply(String source, Collection<Decision> additions, Collection<Decision> removals) {
        writer.lock();
        try {
            Batch b = new Batch(source, false);
            b.reserve(additions);
            for (Decision d : removals) {
                b.remove(d);
            }
            for (Decision d : additions) {
                b.add(d);
            }
            return b.commit();
        } finally {
            writer.unlock();
        }
    }

    /** Makes the source hold exactly these decisions (a startup load, a re-read file), atomically. */
    public BatchResult replace(String source, Collection<Decision> decisions) {
        Loader l = startReplace(source, decisions.size());
        try {
            for (Decision d : decisions) {
                l.add(d);
            }
            return l.commit();
        } finally {
            l.close();
        }
    }

    /**
     * Starts replacing a source's decisions with ones added one by one (a startup answer parsed from the
     * socket, never held as a list). Lookups keep seeing the old set until {@link Loader#commit}; other
     * batches wait until the loader is committed or closed. Use it from one thread, in try-with-resources.
     */
    public Loader startReplace(String source, int expected) {
        writer.lock();
        try {
            Batch b = new Batch(source, true);
            b.reserve(expected, expected, 0);
            return new Loader(b);
        } catch (RuntimeException e) {
            writer.unlock();
            throw e;
        }
    }

    /**
     * A replacement in progress; see {@link #startReplace}. Decisions are added {@value #AHEAD} at a time:
     * their address slots are read first, all together, so the cache misses of a big table overlap instead
     * of each stalling the parse in turn (one miss a decision, on a random slot of a table bigger than
     * the caches). So the store's work for a decision happens on a later {@link #add} or on
     * {@link #commit}; if it fails there, the replacement is abandoned (as by {@link #close}) and the
     * exception thrown, never a decision silently dropped.
     */
    public final class Loader implements AutoCloseable {
        private static final int AHEAD = 32;
        private final Batch batch;
        private final Decision[] ahead = new Decision[AHEAD];
        private int aheadCount;
        /** Where the early reads go, so they are not optimised away. */
        private long touched;
        private boolean done;

        private Loader(Batch batch) {
            this.batch = batch;
        }

        public void add(Decision d) {
            if (done) {
                throw new IllegalStateException("loader already finished");
            }
            ahead[aheadCount++] = java.util.Objects.requireNonNull(d, "decision");
            if (aheadCount == AHEAD) {
                flush();
            }
        }

        private void flush() {
            try {
                readAheadAndAdd();
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        private void readAheadAndAdd() {
            long[] t4 = v4.slots;
            long[] t6 = v6.slots;
            long sum = touched;
            for (int i = 0; i < aheadCount; i++) {
                Decision d = ahead[i];
                int table = tableOf(d);
                if (table == T_V4) {
                    sum += V4Table.touch(t4, (int) d.keyLo());
                } else if (table == T_V6) {
                    sum += KeyTable.touch(t6, d.keyHi(), d.keyLo());
                }
            }
            touched = sum;
            int n = aheadCount;
            aheadCount = 0;
            for (int i = 0; i < n; i++) {
                Decision d = ahead[i];
                ahead[i] = null;
                batch.add(d);
            }
        }

        /** Publishes the new set in one step: lookups switch from the old set to this one. */
        public BatchResult commit() {
            if (done) {
                throw new IllegalStateException("loader already finished");
            }
            flush();
            done = true;
            try {
                return batch.commit();
            } finally {
                writer.unlock();
            }
        }

        /** Without a commit: drops what was added, the source keeps its old set. */
        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            java.util.Arrays.fill(ahead, null);
            aheadCount = 0;
            try {
                batch.abort();
            } finally {
                writer.unlock();
            }
        }
    }

    /** Removes decisions whose expiry has passed; lookups already ignore them, this frees the memory. */
    public int purgeExpired() {
        writer.lock();
        try {
            long now = clock.getAsLong();
            int gen = snapshot.gen + 1;
            int[] n = {0};
            Map<String, Integer> removed = new HashMap<>();
            forEachLiveRecord((scope, hi, lo, p, r) -> {
                if (records.expiresAt(r) <= now) {
                    records.delete(r, gen);
                    if (scope == Scope.RANGE) {
                        ranges.deleted(hi, lo, p);
                    }
                    removed.merge(records.tags[r].source(), 1, Integer::sum);
                    n[0]++;
                }
            });
            if (n[0] == 0) {
                return 0;
            }
            removed.forEach((source, k) -> bySource.get(source)[0] -= k);
            count -= n[0];
            pruneAll = true;
            publishAndPrune(gen);
            return n[0];
        } finally {
            writer.unlock();
        }
    }

    /**
     * Visits every decision of the current snapshot. It does not hold up lookups or batches: while it runs,
     * batches publish as usual and leave their removed records linked until a later one.
     */
    public void forEach(Consumer<Decision> action) {
        visits.readLock().lock();
        try {
            snapshot.forEach(action);
        } finally {
            visits.readLock().unlock();
        }
    }

    /** Every decision held (live or not yet purged), for snapshots and diagnostics. */
    public List<Decision> all() {
        List<Decision> out = new ArrayList<>(size());
        forEach(out::add);
        return out;
    }

    public record BatchResult(int added, int removed) {
    }

    // ---- the writer's side (holding the writer lock) ----

    private interface RecordVisitor {
        void visit(Scope scope, long hi, long lo, int prefix, int record);
    }

    /** Every record not yet deleted, with its key. */
    private void forEachLiveRecord(RecordVisitor v) {
        V4Table.forEach(v4.slots, (hi, lo, head) -> liveChain(Scope.IP, hi, lo, 128, head, v));
        KeyTable.forEach(v6.slots, (hi, lo, head) -> liveChain(Scope.IP, hi, lo, 128, head, v));
        KeyTable.forEach(countries.slots, (hi, lo, head) -> liveChain(Scope.COUNTRY, hi, lo, 0, head, v));
        KeyTable.forEach(asns.slots, (hi, lo, head) -> liveChain(Scope.AS, hi, lo, 0, head, v));
        RangeIndex.forEach(ranges.v4, ranges.v6Keys, ranges.v6, ranges.wide, (hi, lo, p, r) -> {
            if (records.isLive(r)) {
                v.visit(Scope.RANGE, hi, lo, p, r);
            }
        });
    }

    private void liveChain(Scope scope, long hi, long lo, int p, int r, RecordVisitor v) {
        for (; r != 0; r = records.nextOf(r)) {
            if (records.isLive(r)) {
                v.visit(scope, hi, lo, p, r);
            }
        }
    }

    private static final int T_V4 = 0;
    private static final int T_V6 = 1;
    private static final int T_COUNTRY = 2;
    private static final int T_AS = 3;

    private static int tableOf(Decision d) {
        switch (d.scope()) {
            case IP: return IpAddress.isV4(d.keyHi(), d.keyLo()) ? T_V4 : T_V6;
            case COUNTRY: return T_COUNTRY;
            case AS: return T_AS;
            default: return -1;
        }
    }

    private int head(int table, long hi, long lo) {
        switch (table) {
            case T_V4: return v4.head((int) lo);
            case T_V6: return v6.head(hi, lo);
            case T_COUNTRY: return countries.head(hi, lo);
            default: return asns.head(hi, lo);
        }
    }

    private void setHead(int table, long hi, long lo, int head) {
        switch (table) {
            case T_V4: v4.setHead((int) lo, head); break;
            case T_V6: v6.setHead(hi, lo, head); break;
            case T_COUNTRY: countries.setHead(hi, lo, head); break;
            default: asns.setHead(hi, lo, head); break;
        }
    }

    private void notePrune(int table, long hi, long lo) {
        if (pruneCount + 3 > pruneKeys.length) {
            pruneKeys = java.util.Arrays.copyOf(pruneKeys, pruneKeys.length * 2);
        }
        pruneKeys[pruneCount++] = table;
        pruneKeys[pruneCount++] = hi;
        pruneKeys[pruneCount++] = lo;
    }

    /** Unlinks the records of one chain that no reader at {@code gen} or later can see. */
    private void pruneChain(int table, long hi, long lo, int gen) {
        int head = head(table, hi, lo);
        int prev = 0;
        for (int r = head; r != 0; ) {
            int after = records.nextOf(r);
            if (records.deletedAt(r) <= gen) {
                if (prev == 0) {
                    head = after;
                    setHead(table, hi, lo, after);
                } else {
                    records.skipTo(prev, after);
                }
                records.release(r);
            } else {
                prev = r;
            }
            r = after;
        }
    }

    private void publishAndPrune(int gen) {
        ranges.finishBatch();
        publish(gen);
        if (visits.writeLock().tryLock()) {
            try {
                prune(gen);
            } finally {
                visits.writeLock().unlock();
            }
            // The pruned tables and buckets, at the same generation.
            publish(gen);
        }
        generation++;
    }

    private void prune(int gen) {
        if (pruneAll) {
            pruneCount = 0;
            V4Table.forEach(v4.slots, (hi, lo, h) -> notePrune(T_V4, hi, lo));
            KeyTable.forEach(v6.slots, (hi, lo, h) -> notePrune(T_V6, hi, lo));
            KeyTable.forEach(countries.slots, (hi, lo, h) -> notePrune(T_COUNTRY, hi, lo));
            KeyTable.forEach(asns.slots, (hi, lo, h) -> notePrune(T_AS, hi, lo));
        }
        for (int i = 0; i < pruneCount; i += 3) {
            pruneChain((int) pruneKeys[i], pruneKeys[i + 1], pruneKeys[i + 2], gen);
        }
        ranges.prune(records, gen, pruneAll);
        pruneCount = 0;
        pruneAll = false;
        if (pruneKeys.length > 3 * 4096) {
            pruneKeys = new long[48];
        }
    }

    private void publish(int gen) {
        Map<String, Integer> counts = new HashMap<>();
        bySource.forEach((s, n) -> {
            if (n[0] > 0) {
                counts.put(s, n[0]);
            }
        });
        snapshot = new Snapshot(gen, records, v4, v6, countries, asns, ranges, count, Map.copyOf(counts));
        records.published();
    }

    /** One batch: its records carry generation {@code gen}, unseen until {@link #commit} publishes it. */
    private final class Batch {
        private final String source;
        /** A replacement: every older record of the source is deleted at commit, so adds need not look for them. */
        private final boolean replacing;
        private final int gen;
        private final int[] sourceCount;
        /** The source's decisions before the batch: a replacement of none need not look for old ones. */
        private final int heldBefore;
        private int added;
        private int removed;

        Batch(String source, boolean replacing) {
            this.source = source;
            this.replacing = replacing;
            this.gen = snapshot.gen + 1;
            this.sourceCount = bySource.computeIfAbsent(source, k -> new int[1]);
            this.heldBefore = sourceCount[0];
        }

        void reserve(Collection<Decision> additions) {
            int ipv4 = 0;
            int other = 0;
            for (Decision d : additions) {
                if (tableOf(d) == T_V4) {
                    ipv4++;
                } else {
                    other++;
                }
            }
            reserve(additions.size(), ipv4, other);
        }

        void reserve(int decisions, int ipv4, int other) {
            records.reserve(decisions);
            v4.reserve(ipv4);
            v6.reserve(other);
        }

        private boolean sameIdentity(int r, Decision d) {
            DecisionTag t = records.tags[r];
            return records.isLive(r) && t.type() == d.type() && t.source().equals(source)
                    && (!replacing || records.addedAt(r) == gen);
        }

        void add(Decision d) {
            DecisionTag tag = d.tag().withSource(source);
            if (d.scope() == Scope.RANGE) {
                long hi = d.keyHi();
                long lo = d.keyLo();
                int p = d.prefixLength();
                int old = ranges.find(hi, lo, p, r -> sameIdentity(r, d));
                if (old != 0) {
                    kill(old);
                    ranges.deleted(hi, lo, p);
                }
                int r = records.allocate(gen, d.expiresAtMillis(), tag);
                ranges.add(hi, lo, p, r);
            } else {
                int table = tableOf(d);
                int head = head(table, d.keyHi(), d.keyLo());
                for (int r = head; r != 0; r = records.nextOf(r)) {
                    if (sameIdentity(r, d)) {
                        kill(r);
                        notePrune(table, d.keyHi(), d.keyLo());
                        break;
                    }
                }
                int r = records.allocate(gen, d.expiresAtMillis(), tag);
                records.linkBefore(r, head);
                setHead(table, d.keyHi(), d.keyLo(), r);
            }
            added++;
            count++;
            sourceCount[0]++;
        }

        private void kill(int r) {
            records.delete(r, gen);
            count--;
            sourceCount[0]--;
        }

        void remove(Decision d) {
            Remediation type = d.type();
            if (d.scope() == Scope.RANGE) {
                int r = ranges.find(d.keyHi(), d.keyLo(), d.prefixLength(),
                        x -> records.isLive(x) && records.tags[x].type() == type && records.tags[x].source().equals(source));
                if (r != 0) {
                    removed(r);
                    ranges.deleted(d.keyHi(), d.keyLo(), d.prefixLength());
                }
                return;
            }
            int table = tableOf(d);
            for (int r = head(table, d.keyHi(), d.keyLo()); r != 0; r = records.nextOf(r)) {
                DecisionTag t = records.tags[r];
                if (records.isLive(r) && t.type() == type && t.source().equals(source)) {
                    removed(r);
                    notePrune(table, d.keyHi(), d.keyLo());
                    return;
                }
            }
        }

        private void removed(int r) {
            records.delete(r, gen);
            removed++;
            count--;
            sourceCount[0]--;
        }

        BatchResult commit() {
            if (replacing && heldBefore > 0) {
                int[] n = {0};
                forEachLiveRecord((scope, hi, lo, p, r) -> {
                    if (records.addedAt(r) < gen && records.tags[r].source().equals(source)) {
                        records.delete(r, gen);
                        if (scope == Scope.RANGE) {
                            ranges.deleted(hi, lo, p);
                        }
                        n[0]++;
                    }
                });
                removed += n[0];
                count -= n[0];
                sourceCount[0] -= n[0];
                if (n[0] > 0) {
                    pruneAll = true;
                }
            }
            publishAndPrune(gen);
            return new BatchResult(added, removed);
        }

        void abort() {
            ranges.finishBatch(); // this batch's ranges into their buckets, to be found and dropped
            int[] n = {0};
            forEachLiveRecord((scope, hi, lo, p, r) -> {
                if (records.addedAt(r) == gen) {
                    records.delete(r, gen);
                    if (scope == Scope.RANGE) {
                        ranges.deleted(hi, lo, p);
                    }
                    n[0]++;
                }
            });
            count -= n[0];
            sourceCount[0] -= n[0];
            pruneAll = true;
            publishAndPrune(gen);
        }
    }
}
