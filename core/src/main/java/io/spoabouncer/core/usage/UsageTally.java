package io.spoabouncer.core.usage;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionTag;
import io.spoabouncer.domain.decision.OriginLabel;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.request.RequestKind;
import io.spoabouncer.ports.out.UsageCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what CrowdSec's usage metrics report (requests processed, and dropped by origin and remediation),
 * recorded by the remediation service for every judged request. A reporter reads the counts, and after a
 * successful push acknowledges what it sent, so a failed push loses nothing. Allocation-free on the request path.
 */
public final class UsageTally implements UsageCounter {
    private final LongAdder processed = new LongAdder();
    /** origin label → [ban, captcha] */
    private final ConcurrentHashMap<String, LongAdder[]> dropped = new ConcurrentHashMap<>();

    /** One judged request; an HTTP message after the connection check of the same client is not counted twice. */
    public void record(RequestKind kind, boolean connectionChecked, Remediation remediation, DecisionTag decision) {
        if (kind == RequestKind.HTTP && connectionChecked) {
            return;
        }
        processed.increment();
        int r = remediation == Remediation.BAN ? 0 : remediation == Remediation.CAPTCHA ? 1 : -1;
        if (r >= 0 && decision != null) {
            String label = OriginLabel.of(decision);
            LongAdder[] counts = dropped.get(label);
            if (counts == null) {
                counts = dropped.computeIfAbsent(label, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
            }
            counts[r].increment();
        }
    }

    @Override
    public Counts read() {
        List<Dropped> out = new ArrayList<>();
        for (Map.Entry<String, LongAdder[]> e : dropped.entrySet()) {
            long ban = e.getValue()[0].sum();
            long captcha = e.getValue()[1].sum();
            if (ban > 0) {
                out.add(new Dropped(e.getKey(), "ban", ban));
            }
            if (captcha > 0) {
                out.add(new Dropped(e.getKey(), "captcha", captcha));
            }
        }
        return new Counts(processed.sum(), out);
    }

    @Override
    public void acknowledge(Counts sent) {
        processed.add(-sent.processed());
        for (Dropped d : sent.dropped()) {
            LongAdder[] counts = dropped.get(d.origin());
            if (counts != null) {
                counts["ban".equals(d.remediation()) ? 0 : 1].add(-d.count());
            }
        }
    }
}
