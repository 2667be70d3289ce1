package io.spoabouncer.ports.out;

import java.util.List;

/**
 * AppSec's full answer to a relayed request.
 *
 * @param verdict what it means: the request passes, AppSec serves a challenge, AppSec blocks, or the call failed
 * @param status the HTTP status to give the browser (the envelope's {@code http_status} for a challenge)
 * @param headers response headers to give the browser (a challenge's {@code user_headers}, or AppSec's own)
 * @param cookies each {@code Set-Cookie} value, kept apart
 */
public record AppSecAnswer(Verdict verdict, int status, List<String[]> headers, List<String> cookies, byte[] body) {
    public enum Verdict { ALLOW, CHALLENGE, BLOCK, FAILED }

    public static AppSecAnswer failed() {
        return new AppSecAnswer(Verdict.FAILED, 500, List.of(), List.of(), new byte[0]);
    }

    public static AppSecAnswer blocked() {
        return new AppSecAnswer(Verdict.BLOCK, 403, List.of(), List.of(), new byte[0]);
    }
}
