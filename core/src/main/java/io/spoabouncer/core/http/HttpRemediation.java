package io.spoabouncer.core.http;

import io.spoabouncer.core.challenge.ChallengeIssuer;
import io.spoabouncer.core.challenge.ChallengeSettings;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.AppSecPolicy;
import io.spoabouncer.domain.http.HeaderBlock;
import io.spoabouncer.domain.http.HostMatcher;
import io.spoabouncer.domain.http.HostPolicy;
import io.spoabouncer.domain.request.ByteView;
import io.spoabouncer.domain.request.ClientRequest;
import io.spoabouncer.domain.request.TxnVar;
import io.spoabouncer.domain.request.Verdict;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.AppSecClient;
import io.spoabouncer.ports.out.CaptchaVerifier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * What an HTTP request's verdict adds, per host: the AppSec step (per host, or global), then the host's
 * part: an AppSec challenge's relay URL ({@link ChallengeIssuer}), the ban page's contact URL, or the
 * {@link CaptchaFlow}; a captcha for a host without usable
 * captcha settings falls back (ban by default), as in the Go bouncer. Without AppSec, the ban and allow
 * paths allocate nothing.
 */
public final class HttpRemediation {
    public static final String COOKIE_NAME = RequestText.COOKIE_NAME;

    private final HostMatcher hosts;
    private final Remediation noHostFallback;
    private final AppSecPolicy globalAppSec;
    private final AppSecStep appsec;
    private final CaptchaFlow captcha;
    private final ChallengeIssuer challenge;

    public HttpRemediation(HostMatcher hosts, Remediation noHostFallback, CaptchaVerifier verifier, AgentMetrics metrics, LongSupplier clockMillis) {
        this(hosts, noHostFallback, verifier, AppSecClient.NONE, null, metrics, clockMillis);
    }

    /** @param globalAppSec AppSec for hosts without their own settings, or null */
    public HttpRemediation(HostMatcher hosts, Remediation noHostFallback, CaptchaVerifier verifier, AppSecClient appsec,
                           AppSecPolicy globalAppSec, AgentMetrics metrics, LongSupplier clockMillis) {
        this(hosts, noHostFallback, verifier, appsec, globalAppSec, ChallengeSettings.OFF, metrics, clockMillis);
    }

    /** @param challenges how AppSec challenges are served (off: they are bans) */
    public HttpRemediation(HostMatcher hosts, Remediation noHostFallback, CaptchaVerifier verifier, AppSecClient appsec,
                           AppSecPolicy globalAppSec, ChallengeSettings challenges, AgentMetrics metrics, LongSupplier clockMillis) {
        this.challenge = new ChallengeIssuer(challenges, metrics, clockMillis);
        this.hosts = hosts;
        this.noHostFallback = noHostFallback;
        this.globalAppSec = globalAppSec;
        this.appsec = new AppSecStep(appsec);
        this.captcha = new CaptchaFlow(verifier, metrics, clockMillis);
    }

    /** Adds the host's part to a verdict already holding the decision's remediation; null or a later verdict. */
    public CompletionStage<Verdict> apply(ClientRequest request, Verdict verdict) {
        HostPolicy policy = hostPolicy(request);
        AppSecPolicy waf = policy != null && policy.appsec() != null ? policy.appsec() : globalAppSec;
        if (appsec.wants(waf, verdict.remediation())) {
            return appsec.apply(waf, request, verdict, (copy, later) -> {
                CompletionStage<Verdict> next = hostPart(copy, later, policy);
                return next != null ? next : CompletableFuture.completedFuture(later);
            });
        }
        return hostPart(request, verdict, policy);
    }

    /** The Host header's policy; the legacy message's host argument when there is no header block. */
    private HostPolicy hostPolicy(ClientRequest request) {
        ByteView headers = request.headers;
        long host = headers.isPresent() ? HeaderBlock.find(headers, RequestText.HOST) : HeaderBlock.ABSENT;
        if (host != HeaderBlock.ABSENT) {
            return hosts.match(headers.array(), HeaderBlock.offset(host), HeaderBlock.length(host));
        }
        return request.legacyHost.isPresent() ? hosts.match(request.legacyHost.array(), 0, request.legacyHost.length()) : null;
    }

    private CompletionStage<Verdict> hostPart(ClientRequest request, Verdict verdict, HostPolicy policy) {
        Remediation r = verdict.remediation();
        if (r == Remediation.CHALLENGE) {
            challenge.issue(request, verdict, policy);
            r = verdict.remediation(); // a ban when no listener can serve it
        }
        if (r == Remediation.BAN) {
            if (policy != null) {
                verdict.set(TxnVar.CONTACT_US_URL, policy.contactUsUrl());
            }
            return null;
        }
        if (r == Remediation.CAPTCHA) {
            if (policy == null || policy.captcha() == null) {
                verdict.decide(noHostFallback, verdict.decision());
                return null;
            }
            return captcha.apply(request, verdict, policy.captcha());
        }
        if (r == Remediation.ALLOW && policy != null && policy.captcha() != null) {
            captcha.clearStaleCookie(request, verdict, policy.captcha());
        }
        return null;
    }
}
