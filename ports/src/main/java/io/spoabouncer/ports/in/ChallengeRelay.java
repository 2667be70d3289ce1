package io.spoabouncer.ports.in;

import java.util.concurrent.CompletionStage;

/**
 * The use case the challenge listener drives: answer a request HAProxy routed to it (a challenged page at
 * {@code /crowdsec-challenge/<token>}, or follow-up traffic under {@code /crowdsec-internal/challenge/<token>/}).
 * Never completes exceptionally.
 */
public interface ChallengeRelay {
    CompletionStage<Reply> handle(Request request);

    /**
     * @param trustedClientIp the {@code X-Crowdsec-Real-Src} header HAProxy sets, or null when absent
     * @param headers name/value pairs in arrival order
     */
    record Request(String method, String path, String query, String httpVersion, java.util.List<String[]> headers, byte[] body,
                   String trustedClientIp) {
    }

    record Reply(int status, java.util.List<String[]> headers, byte[] body) {
        public static Reply plain(int status, String text) {
            return new Reply(status, java.util.List.<String[]>of(new String[] {"Content-Type", "text/plain; charset=utf-8"},
                    new String[] {"Cache-Control", "no-store"}), (text + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
