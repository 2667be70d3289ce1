package io.spoabouncer.core.challenge;

import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.ChallengeToken;
import io.spoabouncer.domain.http.HostPolicy;
import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.domain.request.ClientRequest;
import io.spoabouncer.domain.request.TxnVar;
import io.spoabouncer.domain.request.Verdict;
import io.spoabouncer.ports.out.AgentMetrics;
import java.util.function.LongSupplier;

/**
 * Turns AppSec's "challenge" into what HAProxy acts on: {@code remediation=challenge} and
 * {@code challenge_url=/crowdsec-challenge/<token>}, the token naming the client, the host policy whose
 * AppSec answers it, and the URL challenged. Without a challenge listener there is nobody to serve the
 * page: the request is banned (fail closed), never let through.
 */
public final class ChallengeIssuer {
    public static final String PAGE_PREFIX = "/crowdsec-challenge/";
    /** Marks the token of a host without AppSec settings of its own: the global http.appsec answers it. */
    public static final String GLOBAL_POLICY = "";

    private final ChallengeSettings settings;
    private final LongSupplier clockMillis;
    private final AgentMetrics metrics;

    public ChallengeIssuer(ChallengeSettings settings, AgentMetrics metrics, LongSupplier clockMillis) {
        this.settings = settings;
        this.metrics = metrics;
        this.clockMillis = clockMillis;
    }

    public void issue(ClientRequest request, Verdict verdict, HostPolicy policy) {
        if (!settings.enabled()) {
            metrics.challenge(AgentMetrics.ChallengeOutcome.BANNED_NO_LISTENER);
            verdict.decide(Remediation.BAN, verdict.decision());
            return;
        }
        String uri = request.url.isPresent() && request.url.length() > 0 ? request.url.toString()
                : request.path.toString() + (request.query.isPresent() && request.query.length() > 0 ? "?" + request.query : "");
        String hostPolicy = policy != null && policy.appsec() != null ? policy.pattern() : GLOBAL_POLICY;
        long expires = clockMillis.getAsLong() / 1000 + settings.tokenTtl().toSeconds();
        String token = new ChallengeToken(IpAddress.format(request.addressHi(), request.addressLo()), hostPolicy, uri, expires)
                .sign(settings.signingKey());
        verdict.set(TxnVar.CHALLENGE_URL, PAGE_PREFIX + token);
        verdict.decide(Remediation.CHALLENGE, verdict.decision());
        metrics.challenge(AgentMetrics.ChallengeOutcome.ISSUED);
    }
}
