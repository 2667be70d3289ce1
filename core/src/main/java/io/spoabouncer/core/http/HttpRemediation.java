package io.spoabouncer.core.http;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.AppSecPolicy;
import io.spoabouncer.domain.http.CaptchaPolicy;
import io.spoabouncer.domain.http.CaptchaToken;
import io.spoabouncer.domain.http.HeaderBlock;
import io.spoabouncer.domain.http.HostMatcher;
import io.spoabouncer.domain.http.HostPolicy;
import io.spoabouncer.domain.http.ProofOfWork;
import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.domain.request.ByteView;
import io.spoabouncer.domain.request.Ascii;
import io.spoabouncer.domain.request.ClientRequest;
import io.spoabouncer.domain.request.TxnVar;
import io.spoabouncer.domain.request.Verdict;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.AppSecClient;
import io.spoabouncer.ports.out.CaptchaVerifier;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * What an HTTP request's verdict adds, per host: the ban page's contact URL; the captcha flow with signed,
 * stateless cookies (pending → solved → redirect → passed), provider verification off the I/O thread and
 * the self-hosted proof-of-work; a captcha for a host without usable captcha settings falls back (ban by
 * default), as in the Go bouncer. With AppSec configured (per host, or globally), requests not already
 * banned are sent to the WAF first and its verdict is combined (the stronger wins; a captcha from AppSec
 * follows the captcha flow). Without AppSec, the ban and allow paths allocate nothing.
 */
public final class HttpRemediation {
    public static final String COOKIE_NAME = "crowdsec_captcha_cookie";
    static final byte[] HOST = Ascii.bytes("host");
    static final byte[] COOKIE = Ascii.bytes("cookie");
    static final byte[] CONTENT_TYPE = Ascii.bytes("content-type");
    static final byte[] FORM = Ascii.bytes("application/x-www-form-urlencoded");
    static final byte[] POST = Ascii.bytes("POST");
    static final byte[] COOKIE_NAME_BYTES = Ascii.bytes(COOKIE_NAME);

    private final HostMatcher hosts;
    private final Remediation noHostFallback;
    private final CaptchaVerifier verifier;
    private final LongSupplier clockMillis;
    private final AgentMetrics metrics;
    private final AppSecClient appsec;
    private final AppSecPolicy globalAppSec;

    public HttpRemediation(HostMatcher hosts, Remediation noHostFallback, CaptchaVerifier verifier, AgentMetrics metrics, LongSupplier clockMillis) {
        this(hosts, noHostFallback, verifier, AppSecClient.NONE, null, metrics, clockMillis);
    }

    /** @param globalAppSec AppSec for hosts without their own settings, or null */
    public HttpRemediation(HostMatcher hosts, Remediation noHostFallback, CaptchaVerifier verifier, AppSecClient appsec,
                           AppSecPolicy globalAppSec, AgentMetrics metrics, LongSupplier clockMillis) {
        this.appsec = appsec;
        this.globalAppSec = globalAppSec;
        this.metrics = metrics;
        this.hosts = hosts;
        this.noHostFallback = noHostFallback;
        this.verifier = verifier;
        this.clockMillis = clockMillis;
    }


    /** Adds the host's part to a verdict already holding the decision's remediation; null or a later verdict. */
    public CompletionStage<Verdict> apply(ClientRequest request, Verdict verdict) {
        HostPolicy policy = hostPolicy(request);
        AppSecPolicy waf = policy != null && policy.appsec() != null ? policy.appsec() : globalAppSec;
        Remediation current = verdict.remediation();
        // Requests already banned by a decision are not sent; captchas only when the policy says so.
        if (waf != null && current != Remediation.BAN && (current.rank() < Remediation.CAPTCHA.rank() || waf.alwaysSend())) {
            ClientRequest copy = request.copy();
            Verdict later = verdict.copy();
            return appsec.check(waf, copy).thenCompose(r -> {
                if (r.beats(later.remediation())) {
                    later.decide(r.asHaproxyValue(), later.decision());
                }
                CompletionStage<Verdict> next = hostPart(copy, later, policy);
                return next != null ? next : CompletableFuture.completedFuture(later);
            });
        }
        return hostPart(request, verdict, policy);
    }

    /** The Host header's policy; the legacy message's host argument when there is no header block. */
    private HostPolicy hostPolicy(ClientRequest request) {
        ByteView headers = request.headers;
        long host = headers.isPresent() ? HeaderBlock.find(headers, HOST) : HeaderBlock.ABSENT;
        if (host != HeaderBlock.ABSENT) {
            return hosts.match(headers.array(), HeaderBlock.offset(host), HeaderBlock.length(host));
        }
        return request.legacyHost.isPresent() ? hosts.match(request.legacyHost.array(), 0, request.legacyHost.length()) : null;
    }

    private static String hostText(ClientRequest request) {
        long host = request.headers.isPresent() ? HeaderBlock.find(request.headers, HOST) : HeaderBlock.ABSENT;
        return host != HeaderBlock.ABSENT ? text(request.headers, host) : request.legacyHost.toString();
    }

    /** The captcha cookie's value from the Cookie header, or the legacy message's cookie argument; null if none. */
    private static String cookieValue(ClientRequest request) {
        long cookie = request.headers.isPresent() ? HeaderBlock.cookie(request.headers, COOKIE, COOKIE_NAME_BYTES) : HeaderBlock.ABSENT;
        if (cookie != HeaderBlock.ABSENT) {
            return text(request.headers, cookie);
        }
        return request.legacyCookie.isPresent() && request.legacyCookie.length() > 0 ? request.legacyCookie.toString() : null;
    }

    private CompletionStage<Verdict> hostPart(ClientRequest request, Verdict verdict, HostPolicy policy) {
        Remediation r = verdict.remediation();
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
            return captcha(request, verdict, policy.captcha(), hostText(request));
        }
        if (r == Remediation.ALLOW && policy != null && policy.captcha() != null && cookieValue(request) != null) {
            // The decision is gone but the client still holds a captcha cookie: clear it.
            verdict.set(TxnVar.CAPTCHA_COOKIE, deletionCookie(policy.captcha(), request.ssl()));
        }
        return null;
    }

    private CompletionStage<Verdict> captcha(ClientRequest request, Verdict verdict, CaptchaPolicy p, String hostHeader) {
        long now = clockMillis.getAsLong() / 1000;
        String hostName = stripPort(hostHeader);
        String ip = IpAddress.format(request.addressHi(), request.addressLo());
        verdict.setCaptchaWidget(p.siteKey(), p.frontendKey(), p.frontendJs());
        String cookie = cookieValue(request);
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
            verdict.set(TxnVar.CAPTCHA_COOKIE, setCookie(p, token.sign(p.signingKey()), request.ssl()));
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
                // The provider cannot answer: the configured fallback, not an endless captcha.
                later.decide(p.fallback(), later.decision());
            }
            return later;
        });
    }

    private static void solved(Verdict verdict, CaptchaPolicy p, CaptchaToken token, long now, boolean ssl) {
        verdict.set(TxnVar.CAPTCHA_STATUS, CaptchaToken.VALID);
        verdict.set(TxnVar.CAPTCHA_COOKIE, setCookie(p, token.passed(now, p.passedTtl().toSeconds()).sign(p.signingKey()), ssl));
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
            return URLDecoder.decode(text(request.body, field), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String setCookie(CaptchaPolicy p, String value, boolean ssl) {
        StringBuilder c = new StringBuilder(value.length() + 64).append(COOKIE_NAME).append('=').append(value).append("; Path=/");
        appendFlags(c, p, ssl);
        return c.toString();
    }

    static String deletionCookie(CaptchaPolicy p, boolean ssl) {
        StringBuilder c = new StringBuilder(96).append(COOKIE_NAME).append("=; Path=/; Max-Age=0");
        appendFlags(c, p, ssl);
        return c.toString();
    }

    private static void appendFlags(StringBuilder c, CaptchaPolicy p, boolean ssl) {
        if (p.httpOnly()) {
            c.append("; HttpOnly");
        }
        if (p.cookieSecure() == CaptchaPolicy.CookieSecure.ALWAYS || (p.cookieSecure() == CaptchaPolicy.CookieSecure.AUTO && ssl)) {
            c.append("; Secure");
        }
        c.append("; SameSite=Strict");
    }

    private static String text(ByteView view, long packed) {
        return new String(view.array(), HeaderBlock.offset(packed), HeaderBlock.length(packed), StandardCharsets.ISO_8859_1);
    }

    static String stripPort(String host) {
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon && host.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return host.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
        }
        return host.toLowerCase(java.util.Locale.ROOT);
    }

}
