package io.spoabouncer.adapter.httpservices;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.spoabouncer.domain.http.CaptchaPolicy;
import io.spoabouncer.ports.out.CaptchaVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers' documented siteverify call: POST form {@code secret}, {@code response}, {@code remoteip};
 * JSON answer with {@code success}. Asynchronous on the JDK client, bounded by the host's timeout.
 */
public final class HttpCaptchaVerifier implements CaptchaVerifier {
    private static final Logger log = LoggerFactory.getLogger(HttpCaptchaVerifier.class);
    private static final JsonFactory JSON = new JsonFactory();
    // HTTP/1.1: one small POST per verification; no h2c upgrade dance on plain-http verify URLs (proxies, tests).
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public CompletionStage<Result> verify(CaptchaPolicy policy, String response, String remoteIp) {
        String form = "secret=" + enc(policy.secretKey()) + "&response=" + enc(response) + "&remoteip=" + enc(remoteIp);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(policy.verifyUrl())).timeout(policy.timeout())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        } catch (IllegalArgumentException e) {
            log.warn("captcha {}: bad verify URL {}: {}", policy.provider(), policy.verifyUrl(), e.getMessage());
            return CompletableFuture.completedFuture(Result.UNAVAILABLE);
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .orTimeout(policy.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((r, error) -> {
                    if (error != null) {
                        log.warn("captcha {}: cannot reach {}: {}; answering the fallback ({})", policy.provider(), policy.verifyUrl(),
                                error.getCause() != null ? error.getCause().toString() : error.toString(), policy.fallback());
                        return Result.UNAVAILABLE;
                    }
                    if (r.statusCode() != 200) {
                        log.warn("captcha {}: {} answered HTTP {}; answering the fallback ({})", policy.provider(), policy.verifyUrl(),
                                r.statusCode(), policy.fallback());
                        return Result.UNAVAILABLE;
                    }
                    try {
                        return success(r.body()) ? Result.PASSED : Result.FAILED;
                    } catch (IOException e) {
                        log.warn("captcha {}: unreadable answer from {}: {}", policy.provider(), policy.verifyUrl(), e.getMessage());
                        return Result.UNAVAILABLE;
                    }
                });
    }

    static boolean success(String body) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("success")) {
                    return v == JsonToken.VALUE_TRUE;
                }
                p.skipChildren();
            }
            return false;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
