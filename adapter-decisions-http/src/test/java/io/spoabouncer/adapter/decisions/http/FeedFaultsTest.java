package io.spoabouncer.adapter.decisions.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.testing.RecordingSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A LAPI whose answers are broken in every way the issue lists (#28 point 2). In each case: the decisions
 * held keep being enforced (what the agent answers, so what HAProxy does, does not change), nothing
 * half-read is served, the failure is one clear message ({@link HttpDecisionSource#lastError()}, the line
 * the source logs) and one count ({@code pulled(false)}, spoa_source_pulls{success=false}), and the next
 * good answer is applied. (An answer that stalls half way: {@code HttpDecisionSourceTest}.)
 */
class FeedFaultsTest {
    static final String BAN_1234 = HttpDecisionSourceTest.BAN_1234;
    static final String BAN_5678 = "{\"new\":[{\"duration\":\"1h\",\"id\":2,\"origin\":\"cscli\",\"scenario\":\"m\",\"scope\":\"Ip\",\"type\":\"ban\","
            + "\"value\":\"5.6.7.8\"},{\"duration\":\"1h\",\"id\":1,\"origin\":\"cscli\",\"scenario\":\"m\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"1.2.3.4\"}],"
            + "\"deleted\":null}";
    static final byte[] DECISION = ("{\"duration\":\"1h\",\"id\":9,\"origin\":\"crowdsec\",\"scenario\":\"s\",\"scope\":\"Ip\",\"type\":\"ban\","
            + "\"value\":\"9.9.9.9\"},").getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;
    final DecisionStore store = new DecisionStore();
    final RecordingSink sink = new RecordingSink(store, "http");
    HttpDecisionSource source;
    FakeLapi lapi;
    final LogLines log = new LogLines(HttpDecisionSource.class);

    HttpDecisionSource start(String extra) throws Exception {
        source = LapiSources.create(lapi.url(), "k", sink, new io.spoabouncer.core.usage.UsageTally(),
                "request-timeout = 2s\nsnapshot.path = \"" + tmp.resolve("snap.json") + "\"\n" + extra);
        source.start();
        return source;
    }

    @AfterEach
    void stop() {
        log.close();
        if (source != null) {
            source.stop();
        }
        if (lapi != null) {
            lapi.close();
        }
    }

    boolean banned(String ip) {
        return LapiSources.banned(store, ip);
    }

    /** The source's line for a failed pull ("... (attempt n, retrying in ...)"), or null. */
    String failure() {
        return log.warnings().stream().filter(l -> l.contains("(attempt ")).findFirst().orElse(null);
    }

    /** Startup with 1.2.3.4 banned, then {@code fault} as the next answer, then the full list with 5.6.7.8 too. */
    String afterFault(FakeLapi.Answer fault, String extra) throws Exception {
        lapi = new FakeLapi().then(FakeLapi.Answer.ok(BAN_1234));
        start(extra);
        await().atMost(Duration.ofSeconds(30)).until(() -> banned("1.2.3.4"));
        lapi.then(fault, FakeLapi.Answer.ok(BAN_5678));
        await().atMost(Duration.ofSeconds(30)).until(() -> failure() != null);
        String error = failure();
        assertTrue(banned("1.2.3.4"), "held decisions stay enforced after: " + error);
        assertFalse(banned("9.9.9.9"), "nothing of the broken answer is served");
        assertTrue(sink.failedPulls.get() >= 1, "counted");
        assertEquals(1, log.warnings().stream().filter(l -> l.contains("(attempt ")).count(), "one line: " + log.warnings());
        await().atMost(Duration.ofSeconds(30)).until(() -> banned("5.6.7.8"));
        assertTrue(banned("1.2.3.4"));
        assertFalse(banned("9.9.9.9"));
        return error;
    }

    @Test
    void anAnswerThatNeverEnds_isAbandonedAtTheRequestTimeout() throws Exception {
        AtomicLong sent = new AtomicLong();
        String error = afterFault(FakeLapi.Answer.custom(ex -> {
            ex.sendResponseHeaders(200, 0); // chunked, no end
            OutputStream out = ex.getResponseBody();
            out.write("{\"new\":[".getBytes(StandardCharsets.US_ASCII));
            byte[] spaces = " ".repeat(4096).getBytes(StandardCharsets.US_ASCII);
            while (sent.get() < 1L << 30) {
                out.write(spaces);
                out.flush();
                sent.addAndGet(spaces.length);
                pause(10);
            }
        }), "");
        assertTrue(error.contains("did not finish its answer within decisions.http.request-timeout"), error);
    }

    @Test
    void anAnswerOfSeveralGigabytes_isRefusedAtTheDecisionBound_havingReadOnlyThat() throws Exception {
        long declared = 5L << 30; // 5 GiB of decisions, announced in Content-Length
        AtomicLong sent = new AtomicLong();
        String error = afterFault(FakeLapi.Answer.custom(ex -> {
            ex.sendResponseHeaders(200, declared);
            OutputStream out = ex.getResponseBody();
            byte[] head = "{\"new\":[".getBytes(StandardCharsets.US_ASCII);
            out.write(head);
            sent.addAndGet(head.length);
            byte[] chunk = DECISION.clone();
            while (sent.get() + chunk.length < declared) {
                out.write(chunk);
                sent.addAndGet(chunk.length);
            }
        }), "max-decisions = 10000");
        assertTrue(error.contains("more than 10000 decisions in one answer (decisions.http.max-decisions)"), error);
        assertTrue(sent.get() < 64L << 20, "the agent stopped reading near the bound, not at 5 GiB: " + sent.get() + " bytes sent");
    }

    @Test
    void invalidUtf8_refusesTheAnswer() throws Exception {
        byte[] body = ("{\"new\":[{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"origin\":\"o\",\"scenario\":\"s\",\"value\":\"9.9.9.9\"},"
                + "{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"origin\":\"o\",\"scenario\":\"X\",\"value\":\"9.9.9.8\"}]}").getBytes(StandardCharsets.UTF_8);
        int x = new String(body, StandardCharsets.ISO_8859_1).indexOf("\"X\"") + 1;
        body[x] = (byte) 0xff; // not UTF-8 anywhere
        String error = afterFault(bytes(body), "");
        assertTrue(error.contains("Invalid UTF-8"), error);
    }

    @Test
    void jsonNested100000Deep_isRefusedAtTheNestingBound() throws Exception {
        String deep = "{\"new\":[{\"scope\":\"Ip\",\"value\":\"9.9.9.9\",\"type\":\"ban\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}]}";
        String error = afterFault(bytes(deep.getBytes(StandardCharsets.US_ASCII)), "");
        assertTrue(error.contains("nesting depth"), error);
    }

    @Test
    void aDecisionWithAMillionCharacterValue_isSkippedAndCounted_theRestIsApplied() throws Exception {
        lapi = new FakeLapi().then(FakeLapi.Answer.ok(BAN_1234));
        start("");
        await().atMost(Duration.ofSeconds(30)).until(() -> banned("1.2.3.4"));
        String huge = "{\"new\":[{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"origin\":\"o\",\"scenario\":\"s\",\"value\":\"" + "1".repeat(1_000_000)
                + "\"},{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"origin\":\"o\",\"scenario\":\"s\",\"value\":\"5.6.7.8\"}],\"deleted\":null}";
        lapi.then(FakeLapi.Answer.ok(huge), FakeLapi.Answer.ok(HttpDecisionSourceTest.EMPTY)); // once: the count below is exact
        await().atMost(Duration.ofSeconds(30)).until(() -> banned("5.6.7.8"));
        assertTrue(banned("1.2.3.4"));
        assertEquals(1, sink.rejected.get(), "the one decision is skipped and counted (and logged, its value cut)");
        assertNull(source.lastError());
    }

    @Test
    void lapiRestartedMidAnswer_theHalfReadFullListIsDropped_theNextOneApplied() throws Exception {
        StringBuilder big = new StringBuilder("{\"new\":[");
        for (int i = 0; i < 5000; i++) {
            big.append("{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"origin\":\"o\",\"scenario\":\"s\",\"value\":\"10.0.")
                    .append(i / 250).append('.').append(i % 250).append("\"},");
        }
        big.append("{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"origin\":\"o\",\"scenario\":\"s\",\"value\":\"9.9.9.9\"}],\"deleted\":null}");
        byte[] body = big.toString().getBytes(StandardCharsets.US_ASCII);
        lapi = new FakeLapi().then(FakeLapi.Answer.ok(BAN_1234), FakeLapi.Answer.error(500)); // a failed delta: the full list is next
        start("");
        await().atMost(Duration.ofSeconds(30)).until(() -> banned("1.2.3.4") && failure() != null);
        lapi.then(FakeLapi.Answer.custom(ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body, 0, body.length / 2);
            ex.getResponseBody().flush();
            // LAPI goes down: the connection closes half way through the answer
        }), FakeLapi.Answer.ok(BAN_5678));
        await().atMost(Duration.ofSeconds(30)).until(() -> lapi.requests.size() >= 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> banned("5.6.7.8"));
        assertTrue(banned("1.2.3.4"));
        assertFalse(banned("10.0.0.1"), "nothing of the half-read list was served");
        assertFalse(banned("9.9.9.9"));
        assertTrue(lapi.requests.get(2).contains("startup=true") && lapi.requests.get(3).contains("startup=true"), lapi.requests.toString());
    }

    /** 500 for a whole minute: decisions held all along, retries backed off (not a flood), the first good answer applied. */
    @Test
    void lapiAnswering500ForAMinute_thenRecovering() throws Exception {
        lapi = new FakeLapi().then(FakeLapi.Answer.ok(BAN_1234));
        start("retry { initial = 500ms, max = 5s }");
        await().atMost(Duration.ofSeconds(30)).until(() -> banned("1.2.3.4"));
        long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        lapi.then(FakeLapi.Answer.errorsUntil(until, 500), FakeLapi.Answer.ok(BAN_5678));
        int before = lapi.requests.size();
        while (System.nanoTime() < until) {
            await().atMost(Duration.ofSeconds(30)).until(() -> lapi.requests.size() > before || System.nanoTime() >= until);
            assertTrue(banned("1.2.3.4"), "held through the outage");
            pause(200); // an invariant sampled over the minute, not a wait for something
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> banned("5.6.7.8") && source.lastError() == null);
        int attempts = lapi.requests.size() - before;
        assertTrue(attempts >= 5 && attempts <= 25, "backed off: " + attempts + " requests in a minute, retry capped at 5 s");
        assertTrue(sink.failedPulls.get() >= attempts - 2, "each failed attempt counted: " + sink.failedPulls.get());
    }

    static FakeLapi.Answer bytes(byte[] body) {
        return FakeLapi.Answer.custom(ex -> {
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        });
    }

    static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
