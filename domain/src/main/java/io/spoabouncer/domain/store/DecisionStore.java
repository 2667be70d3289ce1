package io.spoabouncer.domain.store;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.Scope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Every decision the agent holds, from every source. Lookups never lock and never allocate: they read
 * the current {@link Snapshot}. Updates come in batches from the sources' own threads; each batch is
 * applied to private copies of the tables it touches and published at once (copy-on-write).
 * A source only ever removes its own decisions.
 */
public final class DecisionStore {
    private final LongSupplier clock;
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    /** Bumped on every publish: observers (a map sync) compare it instead of diffing the store. */
    private volatile long generation;

    public DecisionStore(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    public DecisionStore() {
        this(System::currentTimeMillis);
    }

    /** The strongest live decision for the address (128-bit key), its country (packed, 0 if unknown) and AS (-1 if unknown). */
    public Decision lookup(long hi, long lo, int country, long asn) {
        return snapshot.lookup(hi, lo, country, asn, clock.getAsLong());
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

    /** True when some Country or AS decision is held, so a caller knows a geo lookup can matter. */
    public long generation() {
        return generation;
    }

    public boolean hasGeoDecisions() {
        Snapshot s = snapshot;
        return s.countries.size() > 0 || s.asns.size() > 0;
    }

    /** Adds and removes decisions of one source in one atomic step. Removals match by scope, value and type. */
    public synchronized BatchResult apply(String source, Collection<Decision> additions, Collection<Decision> removals) {
        Writer w = new Writer(snapshot, source);
        int removed = 0;
        for (Decision d : removals) {
            removed += w.remove(d.withSource(source)) ? 1 : 0;
        }
        if (additions.size() > 1000) {
            w.reserve(additions);
        }
        int added = 0;
        for (Decision d : additions) {
            w.add(d.source().equals(source) ? d : d.withSource(source));
            added++;
        }
        snapshot = w.publish();
        generation++;
        return new BatchResult(added, removed);
    }

    /** Makes the source hold exactly these decisions (a startup load, a re-read file), atomically. */
    public synchronized BatchResult replace(String source, Collection<Decision> decisions) {
        List<Decision> stale = new ArrayList<>();
        snapshot.forEach(d -> {
            if (d.source().equals(source)) {
                stale.add(d);
            }
        });
        return apply(source, decisions, stale);
    }

    /** Removes decisions whose expiry has passed; lookups already ignore them, this frees the memory. */
    public synchronized int purgeExpired() {
        long now = clock.getAsLong();
        Map<String, List<Decision>> expired = new HashMap<>();
        snapshot.forEach(d -> {
            if (d.isExpired(now)) {
                expired.computeIfAbsent(d.source(), k -> new ArrayList<>()).add(d);
            }
        });
        int n = 0;
        for (Map.Entry<String, List<Decision>> e : expired.entrySet()) {
            n += apply(e.getKey(), List.of(), e.getValue()).removed();
        }
        return n;
    }

    /** Visits every decision of the current snapshot without copying them. */
    public void forEach(java.util.function.Consumer<Decision> action) {
        snapshot.forEach(action);
    }

    /** Every decision held (live or not yet purged), for snapshots and diagnostics. */
    public List<Decision> all() {
        List<Decision> out = new ArrayList<>(size());
        snapshot.forEach(out::add);
        return out;
    }

    public record BatchResult(int added, int removed) {
    }

    /** Applies changes to copies of the touched tables; the published snapshot is never mutated. */
    private static final class Writer {
        private final Snapshot base;
        private KeyTable addresses;
        private final KeyTable[] ranges;
        private final boolean[] rangeCopied = new boolean[129];
        private KeyTable countries;
        private KeyTable asns;
        private final String source;
        private final int sourceCountBefore;
        private int count;

        Writer(Snapshot base, String source) {
            this.base = base;
            this.source = source;
            this.ranges = base.ranges.clone();
            this.count = base.decisionCount;
            this.sourceCountBefore = base.countBySource.getOrDefault(source, 0);
        }

        private KeyTable table(Decision d) {
            return table(d.scope(), d.prefixLength());
        }

        private KeyTable table(Scope scope, int prefixLength) {
            switch (scope) {
                case IP:
                    if (addresses == null) {
                        addresses = base.addresses.copy();
                    }
                    return addresses;
                case RANGE: {
                    int p = prefixLength;
                    if (!rangeCopied[p]) {
                        ranges[p] = ranges[p] == null ? new KeyTable() : ranges[p].copy();
                        rangeCopied[p] = true;
                    }
                    return ranges[p];
                }
                case COUNTRY:
                    if (countries == null) {
                        countries = base.countries.copy();
                    }
                    return countries;
                default:
                    if (asns == null) {
                        asns = base.asns.copy();
                    }
                    return asns;
            }
        }

        void reserve(Collection<Decision> additions) {
            int ips = 0;
            for (Decision d : additions) {
                if (d.scope() == Scope.IP) {
                    ips++;
                }
            }
            if (ips > 0) {
                KeyTable t = table(Scope.IP, 128);
                t.ensureCapacity(t.size() + ips);
            }
        }

        void add(Decision d) {
            KeyTable t = table(d);
            Decision[] current = t.getAll(d.keyHi(), d.keyLo());
            if (current == null) {
                t.put(d.keyHi(), d.keyLo(), new Decision[] {d});
                count++;
                return;
            }
            for (int i = 0; i < current.length; i++) {
                if (current[i].sameIdentity(d)) {
                    Decision[] next = current.clone();
                    next[i] = d;
                    t.put(d.keyHi(), d.keyLo(), next);
                    return;
                }
            }
            Decision[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = d;
            t.put(d.keyHi(), d.keyLo(), next);
            count++;
        }

        boolean remove(Decision d) {
            KeyTable existing = base.tableFor(d.scope(), d.prefixLength());
            if (existing == null && !(d.scope() == Scope.RANGE && rangeCopied[d.prefixLength()])) {
                return false;
            }
            KeyTable t = table(d);
            Decision[] current = t.getAll(d.keyHi(), d.keyLo());
            if (current == null) {
                return false;
            }
            for (int i = 0; i < current.length; i++) {
                if (current[i].sameIdentity(d)) {
                    Decision[] next = new Decision[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    t.put(d.keyHi(), d.keyLo(), next.length == 0 ? null : next);
                    count--;
                    return true;
                }
            }
            return false;
        }

        Snapshot publish() {
            Map<String, Integer> bySource = new HashMap<>(base.countBySource);
            int sourceCount = sourceCountBefore + count - base.decisionCount;
            if (sourceCount == 0) {
                bySource.remove(source);
            } else {
                bySource.put(source, sourceCount);
            }
            boolean rangesTouched = false;
            for (boolean b : rangeCopied) {
                rangesTouched |= b;
            }
            return new Snapshot(
                    addresses != null ? addresses : base.addresses,
                    ranges,
                    rangesTouched ? RangeIndex.build(Snapshot.rangeDecisions(ranges)) : base.rangeIndex,
                    countries != null ? countries : base.countries,
                    asns != null ? asns : base.asns,
                    count,
                    Map.copyOf(bySource));
        }
    }
}
