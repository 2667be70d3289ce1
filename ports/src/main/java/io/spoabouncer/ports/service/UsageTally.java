package io.spoabouncer.ports.service;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.request.RequestKind;
import io.spoabouncer.ports.out.AgentMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what CrowdSec's usage metrics report (requests processed, and dropped by origin and remediation),
 * as one more listener of the request path. A reporter reads the counts, and after a successful push
 * takes away what it sent, so a failed push loses nothing. Allocation-free on the request path.
 */
public final class UsageTally implements AgentMetrics {
    private final LongAdder processed = new LongAdder();
    /** origin label → [ban, captcha] */
    private final ConcurrentHashMap<String, LongAdder[]> dropped = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> listsLabels = new ConcurrentHashMap<>();

    @Override
    public void requestProcessed(RequestKind kind, boolean connectionChecked, Remediation remediation, boolean ipv4, Decision decision) {
        if (kind == RequestKind.HTTP && connectionChecked) {
            return;
        }
        processed.increment();
        int r = remediation == Remediation.BAN ? 0 : remediation == Remediation.CAPTCHA ? 1 : -1;
        if (r >= 0 && decision != null) {
            String label = label(decision);
            LongAdder[] counts = dropped.get(label);
            if (counts == null) {
                counts = dropped.computeIfAbsent(label, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
            }
            counts[r].increment();
        }
    }

    /** CrowdSec's origin label: the origin, or "lists:<scenario>" for blocklists. */
    public String label(Decision d) {
        if (!"lists".equals(d.origin())) {
            return d.origin();
        }
        String l = listsLabels.get(d.scenario());
        return l != null ? l : listsLabels.computeIfAbsent(d.scenario(), s -> "lists:" + s);
    }

    /** The counts now: processed, and dropped per (origin label, remediation). */
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

    /** Takes away counts that were reported, keeping what arrived since. */
    public void subtract(Counts sent) {
        processed.add(-sent.processed());
        for (Dropped d : sent.dropped()) {
            LongAdder[] counts = dropped.get(d.origin());
            if (counts != null) {
                counts["ban".equals(d.remediation()) ? 0 : 1].add(-d.count());
            }
        }
    }

    public record Counts(long processed, List<Dropped> dropped) {
    }

    public record Dropped(String origin, String remediation, long count) {
    }
}
