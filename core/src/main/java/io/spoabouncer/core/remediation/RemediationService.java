package io.spoabouncer.core.remediation;

import io.spoabouncer.core.http.HttpRemediation;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionTag;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.domain.request.ClientRequest;
import io.spoabouncer.domain.request.RequestKind;
import io.spoabouncer.domain.request.Verdict;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.in.RequestHandler;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.GeoLocator;
import io.spoabouncer.core.usage.UsageTally;
import java.util.concurrent.CompletionStage;

/**
 * Judges a request against the decisions held. The HTTP message always re-checks the address: HAProxy
 * may have rewritten {@code src} since the connection check, and a missing connection result is never a
 * free pass. Allocation-free.
 */
public final class RemediationService implements RequestHandler {
    private final DecisionStore store;
    private final GeoLocator geo;
    private final AgentMetrics metrics;
    private volatile HttpRemediation http;
    private final UsageTally usage;

    public RemediationService(DecisionStore store, GeoLocator geo, AgentMetrics metrics) {
        this(store, geo, metrics, null, new UsageTally());
    }

    /**
     * @param http the per-host HTTP part (ban page, captcha), or null for decisions only
     * @param usage where every judged request is counted for CrowdSec's usage metrics
     */
    public RemediationService(DecisionStore store, GeoLocator geo, AgentMetrics metrics, HttpRemediation http, UsageTally usage) {
        this.store = store;
        this.geo = geo;
        this.metrics = metrics;
        this.http = http;
        this.usage = usage;
    }

    /** Hot reload: the new per-host part (hosts, captcha, AppSec) for the requests that arrive from now on. */
    public void replaceHttp(HttpRemediation next) {
        this.http = next;
    }

    /**
     * What a decision's type is enforced as: a {@code challenge} decision (LAPI, a file) carries no AppSec
     * page to serve, so it fails closed to a ban; types HAProxy has no rule for are {@code unknown}.
     */
    static Remediation enforced(Remediation type) {
        return type == Remediation.CHALLENGE ? Remediation.BAN : type.asHaproxyValue();
    }

    /** The decision held for this address (its ranges, country and AS included), as enforced; allow when none. */
    public Remediation decisionFor(long hi, long lo) {
        int country = geo.country(hi, lo);
        long asn = store.hasGeoDecisions() ? geo.asn(hi, lo) : -1;
        DecisionTag decision = store.lookup(hi, lo, country, asn);
        return decision == null ? Remediation.ALLOW : enforced(decision.type());
    }

    @Override
    public CompletionStage<Verdict> handle(ClientRequest request, Verdict verdict) {
        verdict.reset();
        if (!request.hasAddress()) {
            // Nothing to look up: keep what the connection check said, if anything.
            Remediation previous = request.previousRemediation();
            verdict.decide(previous != null ? previous : Remediation.ALLOW, null);
            return null;
        }
        long hi = request.addressHi();
        long lo = request.addressLo();
        long t0 = System.nanoTime();
        int country = geo.country(hi, lo);
        long t1 = System.nanoTime();
        long asn = store.hasGeoDecisions() ? geo.asn(hi, lo) : -1;
        verdict.setCountry(country);
        DecisionTag decision = store.lookup(hi, lo, country, asn);
        metrics.geoLookupDuration(t1 - t0);
        metrics.lookupDuration(System.nanoTime() - t1);
        Remediation remediation = decision == null ? Remediation.ALLOW : enforced(decision.type());
        verdict.decide(remediation, decision);
        CompletionStage<Verdict> later = null;
        HttpRemediation h = http;
        if (h != null && request.kind() == RequestKind.HTTP) {
            later = h.apply(request, verdict);
        }
        boolean connectionChecked = request.previousRemediation() != null;
        metrics.requestProcessed(request.kind(), connectionChecked, verdict.remediation(), IpAddress.isV4(hi, lo), decision);
        usage.record(request.kind(), connectionChecked, verdict.remediation(), decision);
        return later;
    }
}
