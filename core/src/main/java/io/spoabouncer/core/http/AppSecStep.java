package io.spoabouncer.core.http;

import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.AppSecPolicy;
import io.spoabouncer.domain.request.ClientRequest;
import io.spoabouncer.domain.request.Verdict;
import io.spoabouncer.ports.out.AppSecClient;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * Sends a request to CrowdSec's AppSec (WAF) and combines its verdict with the decision's: the stronger
 * wins. Requests already banned by a decision are not sent; captchas only when the policy says so.
 */
final class AppSecStep {
    private final AppSecClient client;

    AppSecStep(AppSecClient client) {
        this.client = client;
    }

    boolean wants(AppSecPolicy waf, Remediation current) {
        return waf != null && current != Remediation.BAN && (current.rank() < Remediation.CAPTCHA.rank() || waf.alwaysSend());
    }

    /**
     * @param then what follows once the combined verdict is known (the host's part), on the request's copy
     */
    CompletionStage<Verdict> apply(AppSecPolicy waf, ClientRequest request, Verdict verdict,
                                   BiFunction<ClientRequest, Verdict, CompletionStage<Verdict>> then) {
        ClientRequest copy = request.copy();
        Verdict later = verdict.copy();
        return client.check(waf, copy).thenCompose(r -> {
            if (r.beats(later.remediation())) {
                later.decide(r.asHaproxyValue(), later.decision());
            }
            return then.apply(copy, later);
        });
    }
}
