package io.spoabouncer.ports.out;

import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.AppSecPolicy;
import io.spoabouncer.domain.request.ClientRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Forwards an HTTP request to CrowdSec's AppSec component and returns its verdict: allow, or the
 * remediation it asks for. A 403 is never a pass: {@code captcha} and {@code challenge} (with a page) as
 * asked, any other action, an empty or unreadable body, {@code ban}. Asynchronous, bounded by the policy's
 * timeout and by a cap on concurrent calls; a failure (401, 5xx, timeout, over the cap) completes with the
 * policy's failure action, logged and counted by the implementation. Never completes exceptionally.
 */
public interface AppSecClient {
    AppSecClient NONE = new AppSecClient() {
        @Override
        public CompletionStage<Remediation> check(AppSecPolicy policy, ClientRequest request) {
            return CompletableFuture.completedFuture(Remediation.ALLOW);
        }

        @Override
        public CompletionStage<AppSecAnswer> relay(AppSecPolicy policy, RelayedRequest request) {
            return CompletableFuture.completedFuture(AppSecAnswer.failed());
        }
    };

    /** @param request a copy that stays valid until the stage completes */
    CompletionStage<Remediation> check(AppSecPolicy policy, ClientRequest request);

    /**
     * A challenge page fetch or follow-up (asset, proof submission), relayed with AppSec's whole answer:
     * a challenge envelope unwrapped, or AppSec's own response when it lets the request pass.
     */
    CompletionStage<AppSecAnswer> relay(AppSecPolicy policy, RelayedRequest request);
}
