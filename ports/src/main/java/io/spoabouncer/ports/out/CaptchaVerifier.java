package io.spoabouncer.ports.out;

import io.spoabouncer.domain.http.CaptchaPolicy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Asks a captcha provider (hCaptcha, reCAPTCHA, Turnstile) whether a widget's response is genuine.
 * Asynchronous and bounded by the policy's timeout: it never blocks a transport thread, and it never fails
 * exceptionally (an unreachable provider is {@link Result#UNAVAILABLE}, logged by the implementation).
 */
public interface CaptchaVerifier {
    CaptchaVerifier NONE = (policy, response, remoteIp) -> CompletableFuture.completedFuture(Result.UNAVAILABLE);

    enum Result { PASSED, FAILED, UNAVAILABLE }

    CompletionStage<Result> verify(CaptchaPolicy policy, String response, String remoteIp);
}
