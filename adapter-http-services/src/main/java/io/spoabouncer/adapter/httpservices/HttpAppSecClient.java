package io.spoabouncer.adapter.httpservices;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.AppSecPolicy;
import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.domain.request.ClientRequest;
import io.spoabouncer.ports.out.AppSecAnswer;
import io.spoabouncer.ports.out.AppSecClient;
import io.spoabouncer.ports.out.RelayedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AppSec protocol: the original request (headers, and the body when HAProxy sent one, as POST; GET
 * otherwise) with the {@code X-Crowdsec-Appsec-*} headers. 200 → allow; 403 → the {@code action} of the
 * JSON answer (ban, captcha, ...); anything else, a timeout, or more calls in flight than allowed → the
 * policy's failure action. Asynchronous on a pooled JDK client: a transport thread never waits.
 */
public final class HttpAppSecClient implements AppSecClient {
    private static final Logger log = LoggerFactory.getLogger(HttpAppSecClient.class);
    private static final JsonFactory JSON = new JsonFactory();
    /** Headers the JDK client sets itself or refuses, and hop-by-hop ones. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host", "upgrade", "keep-alive",
            "transfer-encoding", "te", "trailer", "proxy-connection", "http2-settings");

    /** Headers of AppSec's own answer not handed back to the browser (the listener sets its own framing). */
    private static final Set<String> NOT_RELAYED_BACK = Set.of("connection", "content-length", "transfer-encoding", "keep-alive", "date");
    /** A challenge page or proof check may take AppSec longer than an inline check. */
    static final long RELAY_TIMEOUT_MILLIS = 5_000;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final Semaphore inFlight;
    private final AtomicLong failures = new AtomicLong();

    public HttpAppSecClient(int maxConcurrent) {
        this.inFlight = new Semaphore(maxConcurrent);
    }

    /** Calls that ended in the failure action (for tests and diagnostics). */
    public long failures() {
        return failures.get();
    }

    @Override
    public CompletionStage<Remediation> check(AppSecPolicy policy, ClientRequest r) {
        if (!inFlight.tryAcquire()) {
            return CompletableFuture.completedFuture(failed(policy, "too many AppSec calls in flight (http.appsec.max-concurrent)"));
        }
        HttpRequest request;
        try {
            request = build(policy, r);
        } catch (IllegalArgumentException e) {
            inFlight.release();
            return CompletableFuture.completedFuture(failed(policy, "cannot build the request: " + e.getMessage()));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .orTimeout(policy.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    inFlight.release();
                    if (error != null) {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        return failed(policy, cause instanceof java.util.concurrent.TimeoutException
                                ? "no answer within " + policy.timeout().toMillis() + " ms" : cause.toString());
                    }
                    switch (response.statusCode()) {
                        case 200:
                            return Remediation.ALLOW;
                        case 403:
                            return action(response.body());
                        case 401:
                            return failed(policy, "AppSec refused the API key (401): check http.appsec.api-key / the bouncer key");
                        default:
                            return failed(policy, "AppSec answered HTTP " + response.statusCode());
                    }
                });
    }

    private HttpRequest build(AppSecPolicy policy, ClientRequest r) {
        boolean hasBody = r.body.isPresent() && r.body.length() > 0;
        String method = r.method.isPresent() ? r.method.toString() : "GET";
        HttpRequest.Builder b = HttpRequest.newBuilder(policy.url()).timeout(policy.timeout());
        String host = "";
        String userAgent = "";
        for (String line : r.headers.toString().split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host")) {
                host = value;
            } else if (lower.equals("user-agent")) {
                userAgent = value;
            }
            if (!NOT_FORWARDED.contains(lower) && !lower.startsWith("x-crowdsec-appsec-") && !value.isEmpty()) {
                b.header(name, value);
            }
        }
        b.header("X-Crowdsec-Appsec-Ip", IpAddress.format(r.addressHi(), r.addressLo()));
        b.header("X-Crowdsec-Appsec-Uri", r.url.isPresent() ? r.url.toString() : r.path.toString() + (r.query.isPresent() ? "?" + r.query : ""));
        b.header("X-Crowdsec-Appsec-Host", host);
        b.header("X-Crowdsec-Appsec-Verb", method);
        b.header("X-Crowdsec-Appsec-Api-Key", policy.apiKey());
        b.header("X-Crowdsec-Appsec-User-Agent", userAgent);
        b.header("X-Crowdsec-Appsec-Http-Version", httpVersion(r.version.toString()));
        if (r.uniqueId.isPresent() && r.uniqueId.length() > 0) {
            b.header("X-Crowdsec-Appsec-Transaction-Id", r.uniqueId.toString());
        }
        if (hasBody) {
            byte[] body = java.util.Arrays.copyOf(r.body.array(), r.body.length());
            b.POST(HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.GET();
        }
        return b.build();
    }

    /** "1.1" → "11", "2.0" or "2" → "20", as AppSec expects two digits. */
    static String httpVersion(String v) {
        String digits = v.replace(".", "");
        if (digits.length() == 1) {
            digits = digits + "0";
        }
        return digits.matches("\\d\\d") ? digits : "11";
    }

    /**
     * What a 403 asks for. Never a pass: a challenge with its page, a captcha, and anything else (ban, an
     * action we do not know, no action, an empty or unreadable body) a ban.
     */
    static Remediation action(String body) {
        ChallengeEnvelope e = ChallengeEnvelope.parse(body);
        if (e.isChallenge()) {
            return Remediation.CHALLENGE;
        }
        return "captcha".equals(e.action()) ? Remediation.CAPTCHA : Remediation.BAN;
    }

    @Override
    public CompletionStage<AppSecAnswer> relay(AppSecPolicy policy, RelayedRequest r) {
        if (!inFlight.tryAcquire()) {
            failed(policy, "too many AppSec calls in flight (http.appsec.max-concurrent)");
            return CompletableFuture.completedFuture(AppSecAnswer.failed());
        }
        HttpRequest request;
        try {
            request = build(policy, r);
        } catch (IllegalArgumentException e) {
            inFlight.release();
            failed(policy, "cannot build the relayed request: " + e.getMessage());
            return CompletableFuture.completedFuture(AppSecAnswer.failed());
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .orTimeout(Math.max(policy.timeout().toMillis(), RELAY_TIMEOUT_MILLIS), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    inFlight.release();
                    if (error != null) {
                        failed(policy, "relay: " + (error.getCause() != null ? error.getCause() : error));
                        return AppSecAnswer.failed();
                    }
                    if (response.statusCode() == 200) {
                        // Passed (for a proof submission: solved): AppSec's own answer, its proof cookie included.
                        List<String[]> headers = new ArrayList<>();
                        List<String> cookies = new ArrayList<>();
                        response.headers().map().forEach((name, values) -> {
                            String lower = name.toLowerCase(Locale.ROOT);
                            if (lower.equals("set-cookie")) {
                                cookies.addAll(values);
                            } else if (!NOT_RELAYED_BACK.contains(lower) && !lower.startsWith(":")) {
                                values.forEach(v -> headers.add(new String[] {name, v}));
                            }
                        });
                        return new AppSecAnswer(AppSecAnswer.Verdict.ALLOW, 200, headers, cookies, response.body());
                    }
                    if (response.statusCode() == 403) {
                        ChallengeEnvelope e = ChallengeEnvelope.parse(new String(response.body(), StandardCharsets.UTF_8));
                        if (!e.isChallenge()) {
                            return AppSecAnswer.blocked();
                        }
                        return new AppSecAnswer(AppSecAnswer.Verdict.CHALLENGE, e.httpStatus(), e.headers(), e.cookies(),
                                e.body().getBytes(StandardCharsets.UTF_8));
                    }
                    failed(policy, "relay: AppSec answered HTTP " + response.statusCode());
                    return AppSecAnswer.failed();
                });
    }

    private HttpRequest build(AppSecPolicy policy, RelayedRequest r) {
        HttpRequest.Builder b = HttpRequest.newBuilder(policy.url()).timeout(Duration.ofMillis(Math.max(policy.timeout().toMillis(), RELAY_TIMEOUT_MILLIS)));
        String userAgent = "";
        for (String[] h : r.headers()) {
            String lower = h[0].toLowerCase(Locale.ROOT);
            if (lower.equals("user-agent")) {
                userAgent = h[1];
            }
            if (!NOT_FORWARDED.contains(lower) && !lower.startsWith("x-crowdsec-") && !lower.equals("x-forwarded-for") && !h[1].isEmpty()) {
                b.header(h[0], h[1]);
            }
        }
        b.header("X-Crowdsec-Appsec-Ip", r.clientIp());
        b.header("X-Crowdsec-Appsec-Uri", r.uri());
        b.header("X-Crowdsec-Appsec-Host", r.host());
        b.header("X-Crowdsec-Appsec-Verb", r.method());
        b.header("X-Crowdsec-Appsec-Api-Key", policy.apiKey());
        b.header("X-Crowdsec-Appsec-User-Agent", userAgent);
        b.header("X-Crowdsec-Appsec-Http-Version", httpVersion(r.httpVersion()));
        if (r.body().length > 0) {
            b.POST(HttpRequest.BodyPublishers.ofByteArray(r.body()));
        } else {
            b.GET();
        }
        return b.build();
    }

    private Remediation failed(AppSecPolicy policy, String why) {
        long n = failures.incrementAndGet();
        if (n <= 10 || Long.bitCount(n) == 1) {
            log.warn("appsec {}: {}; answering {} (failure #{})", policy.url(), why, policy.failureAction(), n);
        }
        return policy.failureAction();
    }

}
