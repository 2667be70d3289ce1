package io.spoabouncer.core.challenge;

import io.spoabouncer.core.remediation.RemediationService;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.AppSecPolicy;
import io.spoabouncer.domain.http.ChallengeToken;
import io.spoabouncer.domain.http.HostPolicy;
import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.ports.in.ChallengeRelay;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.AppSecAnswer;
import io.spoabouncer.ports.out.AppSecClient;
import io.spoabouncer.ports.out.RelayedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves AppSec challenges on the challenge listener, the Go bouncer's paths and rules, on any agent:
 * <ul>
 *   <li>{@code /crowdsec-challenge/<token>}: the page. HAProxy rewrote the challenged request's path to the
 *   {@code challenge_url}; the page is asked of AppSec again for the URL in the token, so no agent keeps it.</li>
 *   <li>{@code /crowdsec-internal/challenge/<token>/<rest>}: its assets and proof submission, relayed to
 *   AppSec as {@code /crowdsec-internal/challenge/<rest>}; a passed answer (the proof cookie) goes back as is.</li>
 * </ul>
 * Every request needs a live token signed with the fleet's key and HAProxy's {@code X-Crowdsec-Real-Src}
 * naming the client the token was issued to (nothing else is trusted); an address banned meanwhile gets 403
 * without reaching AppSec. Challenge pages have their internal URLs rewritten to carry the token.
 */
public final class ChallengeService implements ChallengeRelay {
    public static final String INTERNAL_PREFIX = "/crowdsec-internal/challenge/";
    private static final Logger log = LoggerFactory.getLogger(ChallengeService.class);

    private final ChallengeSettings settings;
    private final RemediationService decisions;
    private final AppSecClient appsec;
    private volatile AppSecPolicy globalAppSec;
    private volatile Map<String, AppSecPolicy> byHost = Map.of();
    private final LongSupplier clockMillis;
    private final AtomicBoolean warnedNoRealSrc = new AtomicBoolean();

    private final AgentMetrics metrics;

    public ChallengeService(ChallengeSettings settings, RemediationService decisions, AppSecClient appsec, List<HostPolicy> hosts,
                            AppSecPolicy globalAppSec, AgentMetrics metrics, LongSupplier clockMillis) {
        this.metrics = metrics;
        this.settings = settings;
        this.decisions = decisions;
        this.appsec = appsec;
        this.clockMillis = clockMillis;
        replaceHosts(hosts, globalAppSec);
    }

    /** Hot reload: tokens name a host policy; they are answered with the AppSec settings in force now. */
    public void replaceHosts(List<HostPolicy> hosts, AppSecPolicy global) {
        Map<String, AppSecPolicy> next = new HashMap<>();
        for (HostPolicy h : hosts) {
            if (h.appsec() != null) {
                next.put(h.pattern(), h.appsec());
            }
        }
        this.byHost = Map.copyOf(next);
        this.globalAppSec = global;
    }

    @Override
    public CompletionStage<Reply> handle(Request r) {
        return answer(r).thenApply(o -> {
            metrics.challenge(o.outcome());
            return o.reply();
        });
    }

    /** A reply and how it is counted. */
    private record Outcome(Reply reply, AgentMetrics.ChallengeOutcome outcome) {
    }

    private CompletionStage<Outcome> answer(Request r) {
        boolean page = r.path().startsWith(ChallengeIssuer.PAGE_PREFIX);
        boolean internal = r.path().startsWith(INTERNAL_PREFIX);
        if (!page && !internal) {
            return done(Reply.plain(404, "Not Found"));
        }
        String rest = r.path().substring(page ? ChallengeIssuer.PAGE_PREFIX.length() : INTERNAL_PREFIX.length());
        int slash = rest.indexOf('/');
        String tokenText = page ? (slash < 0 ? rest : rest.substring(0, slash)) : (slash < 0 ? null : rest.substring(0, slash));
        ChallengeToken token = settings.enabled() ? ChallengeToken.verify(tokenText, settings.signingKey(), clockMillis.getAsLong() / 1000) : null;
        if (token == null) {
            return done(Reply.plain(404, "Not Found")); // no live token: AppSec is not asked
        }
        IpAddress client = trustedClient(r);
        if (client == null || !client.equals(parse(token.clientIp()))) {
            return done(Reply.plain(403, "Forbidden"));
        }
        Remediation held = decisions.decisionFor(client.hi(), client.lo());
        if (held == Remediation.BAN) {
            return done(Reply.plain(403, "Forbidden")); // banned since: the challenge no longer opens anything
        }
        AppSecPolicy policy = token.hostPolicy().equals(ChallengeIssuer.GLOBAL_POLICY) ? globalAppSec
                : byHost.getOrDefault(token.hostPolicy(), globalAppSec);
        if (policy == null) {
            return CompletableFuture.completedFuture(new Outcome(Reply.plain(500, "AppSec is not configured"), AgentMetrics.ChallengeOutcome.FAILED));
        }
        String uri = page ? token.originalUri() : INTERNAL_PREFIX + rest.substring(slash + 1) + (r.query() == null || r.query().isEmpty() ? "" : "?" + r.query());
        String host = header(r.headers(), "host");
        RelayedRequest relayed = new RelayedRequest(r.method(), uri, host == null ? "" : host, r.httpVersion(), r.headers(), r.body(),
                token.clientIp());
        return appsec.relay(policy, relayed).handle((answer, error) -> {
            if (error != null || answer == null) {
                return new Outcome(Reply.plain(500, "AppSec failed"), AgentMetrics.ChallengeOutcome.FAILED);
            }
            return reply(answer, page, token, tokenText);
        });
    }

    private static Outcome reply(AppSecAnswer a, boolean page, ChallengeToken token, String tokenText) {
        switch (a.verdict()) {
            case CHALLENGE: {
                List<String[]> headers = new ArrayList<>(a.headers());
                a.cookies().forEach(c -> headers.add(new String[] {"Set-Cookie", c}));
                if (header(headers, "cache-control") == null) {
                    headers.add(new String[] {"Cache-Control", "no-store"});
                }
                String body = new String(a.body(), StandardCharsets.UTF_8).replace(INTERNAL_PREFIX, INTERNAL_PREFIX + tokenText + "/");
                return new Outcome(new Reply(a.status(), headers, body.getBytes(StandardCharsets.UTF_8)), AgentMetrics.ChallengeOutcome.SERVED);
            }
            case ALLOW: {
                if (page) {
                    // Already passed (solved on another tab, or AppSec changed its mind): back to the page asked for.
                    return new Outcome(new Reply(302, List.of(new String[] {"Location", token.originalUri()},
                            new String[] {"Cache-Control", "no-store"}), new byte[0]), AgentMetrics.ChallengeOutcome.PASSED);
                }
                List<String[]> headers = new ArrayList<>(a.headers());
                a.cookies().forEach(c -> headers.add(new String[] {"Set-Cookie", c}));
                return new Outcome(new Reply(a.status(), headers, a.body()), AgentMetrics.ChallengeOutcome.PASSED);
            }
            case BLOCK:
                return new Outcome(Reply.plain(403, "Forbidden"), AgentMetrics.ChallengeOutcome.BLOCKED);
            default:
                return new Outcome(Reply.plain(500, "AppSec failed"), AgentMetrics.ChallengeOutcome.FAILED);
        }
    }

    private IpAddress trustedClient(Request r) {
        if (r.trustedClientIp() == null || r.trustedClientIp().isBlank()) {
            if (warnedNoRealSrc.compareAndSet(false, true)) {
                log.warn("challenge listener: a request without X-Crowdsec-Real-Src: HAProxy must set it (http-request set-header"
                        + " X-Crowdsec-Real-Src %[src] for the challenge paths); refusing with 403");
            }
            return null;
        }
        return parse(r.trustedClientIp().trim());
    }

    private static IpAddress parse(String ip) {
        try {
            return IpAddress.parse(ip);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String header(List<String[]> headers, String lowerName) {
        for (String[] h : headers) {
            if (h[0].toLowerCase(Locale.ROOT).equals(lowerName)) {
                return h[1];
            }
        }
        return null;
    }

    /** Refused before AppSec is asked. */
    private static CompletionStage<Outcome> done(Reply reply) {
        return CompletableFuture.completedFuture(new Outcome(reply, AgentMetrics.ChallengeOutcome.REFUSED));
    }
}
