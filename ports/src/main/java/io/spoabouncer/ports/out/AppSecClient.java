package io.spoabouncer.ports.out;

import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.AppSecPolicy;
import io.spoabouncer.domain.request.ClientRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Forwards an HTTP request to CrowdSec's AppSec component and returns its verdict: allow, or the
 * remediation it asks for (ban, captcha). Asynchronous, bounded by the policy's timeout and by a cap on
 * concurrent calls; a failure (401, 5xx, timeout, over the cap) completes with the policy's failure
 * action, logged and counted by the implementation. Never completes exceptionally.
 */
public interface AppSecClient {
    AppSecClient NONE = (policy, request) -> CompletableFuture.completedFuture(Remediation.ALLOW);

    /** @param request a copy that stays valid until the stage completes */
    CompletionStage<Remediation> check(AppSecPolicy policy, ClientRequest request);
}
