package io.spoabouncer.core.http;

import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.CaptchaPolicy;
import io.spoabouncer.domain.http.CaptchaToken;
import io.spoabouncer.domain.http.HeaderBlock;
import io.spoabouncer.domain.http.ProofOfWork;
import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.domain.request.Ascii;
import io.spoabouncer.domain.request.ClientRequest;
import io.spoabouncer.domain.request.TxnVar;
import io.spoabouncer.domain.request.Verdict;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.CaptchaVerifier;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The captcha flow with signed, stateless cookies: pending → solved (the form posts back) → redirect →
 * passed. Third-party answers are verified off the I/O thread; the self-hosted proof of work is checked
 * here in microseconds. A provider that cannot answer gives the host's fallback, not an endless captcha.
 */
final class CaptchaFlow {
    private static final byte[] CONTENT_TYPE = Ascii.bytes("content-type");
    private static final byte[] FORM = Ascii.bytes("application/x-www-form-urlencoded");
    private static final byte[] POST = Ascii.bytes("POST");

    private final CaptchaVerifier verifier;
    private final AgentMetrics metrics;
    private final LongSupplier clockMillis;

    CaptchaFlow(CaptchaVerifier verifier, AgentMetrics metrics, LongSupplier clockMillis) {
        this.verifier = verifier;
        this.metrics = metrics;
        this.clockMillis = clockMillis;
    }

    /** Null when the verdict is final now, or the stage of a provider's verification. */
    CompletionStage<Verdict> apply(ClientRequest request, Verdict verdict, CaptchaPolicy p) {
        long now = clockMillis.getAsLong() / 1000;
        String hostName = RequestText.stripPort(RequestText.hostText(request));
        String ip = IpAddress.format(request.addressHi(), request.addressLo());
        verdict.setCaptchaWidget(p.siteKey(), p.frontendKey(), p.frontendJs());
        String cookie = RequestText.cookieValue(request);
        CaptchaToken token = cookie == null ? null : CaptchaToken.verify(cookie, p.signingKey(), now);
        if (token != null && ((p.bindHost() && !hostName.equals(token.host())) || (p.bindIp() && !ip.equals(token.ip())))) {
            token = null; // minted for another host or client
        }
        if (token != null && token.isPassed(now)) {
            verdict.set(TxnVar.CAPTCHA_STATUS, CaptchaToken.VALID);
            verdict.decide(Remediation.ALLOW, verdict.decision());
            return null;
        }
        if (token == null) {
            token = new CaptchaToken(UUID.randomUUID().toString(), CaptchaToken.PENDING, now, now + p.pendingTtl().toSeconds(),
                    p.bindHost() ? hostName : null, p.bindIp() ? ip : null);
            verdict.set(TxnVar.CAPTCHA_COOKIE, CaptchaCookies.set(p, token.sign(p.signingKey()), request.ssl()));
        }
        verdict.set(TxnVar.CAPTCHA_STATUS, CaptchaToken.PENDING);
        String response = submission(request, p);
        if (p.provider().selfHosted()) {
            if (response != null && ProofOfWork.verify(p.signingKey(), response, ip, hostName, now, p.powDifficulty())) {
                solved(verdict, p, token, now, request.ssl());
            } else {
                verdict.set(TxnVar.CAPTCHA_CHALLENGE, ProofOfWork.issue(p.signingKey(), ip, hostName, now, p.powTtl().toSeconds(), p.powDifficulty()));
            }
            return null;
        }
        if (response == null) {
            return null;
        }
        Verdict later = verdict.copy();
        CaptchaToken pending = token;
        boolean ssl = request.ssl();
        long t0 = System.nanoTime();
        return verifier.verify(p, response, ip).thenApply(result -> {
            metrics.captchaValidation(System.nanoTime() - t0);
            if (result == CaptchaVerifier.Result.PASSED) {
                solved(later, p, pending, clockMillis.getAsLong() / 1000, ssl);
            } else if (result == CaptchaVerifier.Result.UNAVAILABLE) {
                later.decide(p.fallback(), later.decision());
            }
            return later;
        });
    }

    /** The decision is gone but the client still holds a captcha cookie: clear it. */
    void clearStaleCookie(ClientRequest request, Verdict verdict, CaptchaPolicy p) {
        if (RequestText.cookieValue(request) != null) {
            verdict.set(TxnVar.CAPTCHA_COOKIE, CaptchaCookies.deletion(p, request.ssl()));
        }
    }

    private static void solved(Verdict verdict, CaptchaPolicy p, CaptchaToken token, long now, boolean ssl) {
        verdict.set(TxnVar.CAPTCHA_STATUS, CaptchaToken.VALID);
        verdict.set(TxnVar.CAPTCHA_COOKIE, CaptchaCookies.set(p, token.passed(now, p.passedTtl().toSeconds()).sign(p.signingKey()), ssl));
        verdict.set(TxnVar.CAPTCHA_CHALLENGE, null);
        verdict.setRedirect(true);
        verdict.decide(Remediation.ALLOW, verdict.decision());
    }

    /** The widget's (or the proof-of-work's) answer if this request is a captcha form submission. */
    static String submission(ClientRequest request, CaptchaPolicy p) {
        if (!request.method.contentEquals(POST) || !request.body.isPresent() || request.body.length() == 0) {
            return null;
        }
        long type = HeaderBlock.find(request.headers, CONTENT_TYPE);
        if (!HeaderBlock.startsWithIgnoreCase(request.headers, type, FORM)) {
            return null;
        }
        long field = HeaderBlock.formField(request.body, Ascii.bytes(p.frontendKey() + "-response"));
        if (field == HeaderBlock.ABSENT || HeaderBlock.length(field) == 0) {
            return null;
        }
        try {
            return URLDecoder.decode(RequestText.text(request.body, field), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
