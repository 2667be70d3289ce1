package io.spoabouncer.ports.in;

import io.spoabouncer.domain.request.ClientRequest;
import io.spoabouncer.domain.request.Verdict;
import java.util.concurrent.CompletionStage;

/** The use case a transport drives: judge one request. Runs on a transport's I/O thread, so it must not block. */
public interface RequestHandler {
    /**
     * Fills {@code verdict} and returns null, or, when the answer needs a slow step (a captcha provider's
     * verdict), returns a stage completing with a separate verdict: {@code request} and {@code verdict} are
     * pooled and are reused as soon as this returns.
     */
    CompletionStage<Verdict> handle(ClientRequest request, Verdict verdict);
}
