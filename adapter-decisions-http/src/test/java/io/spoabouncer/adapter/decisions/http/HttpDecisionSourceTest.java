package io.spoabouncer.adapter.decisions.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;


import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.DecisionSink;
import io.spoabouncer.ports.testing.RecordingSink;
import io.spoabouncer.settings.hocon.HoconSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream loop against scripted faults: retries, recovery, resync, the key error, the snapshot. */
class HttpDecisionSourceTest {
    static final String BAN_1234 = "{\"new\":[{\"duration\":\"1h\",\"id\":1,\"origin\":\"cscli\",\"scenario\":\"m\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"1.2.3.4\"}],\"deleted\":null}";
    static final String EMPTY = "{\"new\":null,\"deleted\":null}";

    @TempDir
    Path tmp;
    final DecisionStore store = new DecisionStore();
    final RecordingSink sink = new RecordingSink(store, "http");
    HttpDecisionSource source;
    FakeLapi lapi;
    final io.spoabouncer.core.usage.UsageTally usage = new io.spoabouncer.core.usage.UsageTally();

    HttpDecisionSource start(String extra) throws Exception {
        source = LapiSources.create(lapi.url(), "secret-key", sink, usage, "snapshot.path = \"" + tmp.resolve("snap.json") + "\"\n" + extra);
        source.start();
        return source;
    }

    @AfterEach
    void stop() {
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

    @Test
    void startupThenDeltas_withKeyAndUserAgent() throws Exception {
        lapi = new FakeLapi().then(FakeLapi.Answer.ok(BAN_1234),
                FakeLapi.Answer.ok("{\"new\":[{\"duration\":\"1h\",\"scope\":\"Range\",\"type\":\"captcha\",\"value\":\"10.0.0.0/24\",\"origin\":\"cscli\",\"scenario\":\"r\"}],"
                        + "\"deleted\":[{\"duration\":\"-1s\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"1.2.3.4\",\"origin\":\"cscli\",\"scenario\":\"m\"}]}"),
                FakeLapi.Answer.ok(EMPTY));
        start("");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> source.isLoaded() && banned("1.2.3.4"));
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> !banned("1.2.3.4") && banned("10.0.0.9"));
        assertTrue(lapi.requests.get(0).startsWith("/v1/decisions/stream?startup=true&scopes=ip%2Crange"), lapi.requests.get(0));
        assertTrue(lapi.requests.get(1).startsWith("/v1/decisions/stream?scopes=ip%2Crange"), lapi.requests.get(1));
        assertEquals("secret-key", lapi.keys.get(0));
        assertEquals("crowdsec-spoa-bouncer-java/v0.1.0", lapi.agents.get(0));
    }

    @Test
    void originFiltersSendDedupFalse() throws Exception {
        lapi = new FakeLapi();
        start("origins = [cscli, CAPI]\nscenarios-containing = [ssh]\nscenarios-not-containing = [http]\nscopes = [ip, range, country, as]");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> !lapi.requests.isEmpty());
        assertEquals("/v1/decisions/stream?startup=true&scopes=ip%2Crange%2Ccountry%2Cas&origins=cscli%2CCAPI&dedup=false"
                + "&scenarios_containing=ssh&scenarios_not_containing=http", lapi.requests.get(0));
    }

    @Test
    void unreachableAtStart_retriesUntilItAnswers() throws Exception {
        lapi = new FakeLapi().then(FakeLapi.Answer.error(503), FakeLapi.Answer.connectionReset(), FakeLapi.Answer.error(500), FakeLapi.Answer.ok(BAN_1234));
        java.util.concurrent.atomic.AtomicInteger requestsAtFirstBatch = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean loadedBeforeFirstBatch = new java.util.concurrent.atomic.AtomicBoolean();
        sink.beforeBatch = () -> {
            if (requestsAtFirstBatch.compareAndSet(0, lapi.requests.size())) {
                loadedBeforeFirstBatch.set(source.isLoaded());
            }
        };
        start("");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> banned("1.2.3.4"));
        assertEquals(4, requestsAtFirstBatch.get(), "the first decisions came from the fourth answer, the first good one");
        assertFalse(loadedBeforeFirstBatch.get(), "not ready while LAPI failed");
        assertTrue(lapi.requests.subList(0, 4).stream().allMatch(r -> r.contains("startup=true")), lapi.requests.toString());
        assertNull(source.lastError());
    }

    @Test
    void errorsAfterStartupKeepTheDecisions() throws Exception {
        lapi = new FakeLapi().then(FakeLapi.Answer.ok(BAN_1234), FakeLapi.Answer.error(502), FakeLapi.Answer.error(502),
                FakeLapi.Answer.ok(BAN_1234));
        start("");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> banned("1.2.3.4"));
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> lapi.requests.size() >= 3);
        assertTrue(banned("1.2.3.4"), "a failing LAPI does not drop decisions");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> source.lastError() == null && lapi.requests.size() >= 4);
        assertTrue(banned("1.2.3.4"));
        assertFalse(lapi.requests.get(1).contains("startup=true"), "a delta: " + lapi.requests);
        assertTrue(lapi.requests.get(2).contains("startup=true") && lapi.requests.get(3).contains("startup=true"),
                "a failed delta is followed by full lists until one succeeds: " + lapi.requests);
    }

    /**
     * A delta that fails once LAPI has taken the request (here it stalls half way through its answer, past
     * the request timeout) is gone from the stream: LAPI moved the key's last_pull, so the next delta starts
     * after it. The next pull asks for the full list, which brings the lost ban.
     */
    @Test
    void aDeltaLostInTransitIsRecoveredByTheFullList() throws Exception {
        String lost = "{\"new\":[{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"5.6.7.8\",\"origin\":\"crowdsec\",\"scenario\":\"ssh-bf\"}],\"deleted\":null}";
        String both = "{\"new\":[{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"1.2.3.4\",\"origin\":\"cscli\",\"scenario\":\"m\"},"
                + "{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"5.6.7.8\",\"origin\":\"crowdsec\",\"scenario\":\"ssh-bf\"}],\"deleted\":null}";
        lapi = new FakeLapi().then(FakeLapi.Answer.ok(BAN_1234), FakeLapi.Answer.stallInBody(lost, 3000), FakeLapi.Answer.ok(both));
        start("request-timeout = 1s");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> banned("5.6.7.8"));
        assertTrue(lapi.requests.get(1).startsWith("/v1/decisions/stream?scopes="), "the delta: " + lapi.requests);
        assertTrue(lapi.requests.get(2).startsWith("/v1/decisions/stream?startup=true"), "then the full list: " + lapi.requests);
        assertTrue(banned("1.2.3.4"));
    }

    @Test
    void theFullListIsAskedAgainAtItsInterval() throws Exception {
        lapi = new FakeLapi().then(FakeLapi.Answer.ok(BAN_1234), FakeLapi.Answer.ok(EMPTY)); // then empty answers
        start("full-resync-interval = 2s");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> lapi.requests.size() >= 2);
        assertFalse(lapi.requests.get(1).contains("startup=true"), "deltas in between: " + lapi.requests);
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS)
                .until(() -> lapi.requests.stream().skip(1).anyMatch(r -> r.contains("startup=true")));
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> !banned("1.2.3.4")); // the second full list (empty) replaced the first
    }

    @Test
    void aRefusedKeyIsNamedClearly() throws Exception {
        lapi = new FakeLapi().then(FakeLapi.Answer.error(403));
        start("");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> source.lastError() != null);
        assertTrue(source.lastError().contains("refused the API key (HTTP 403 access forbidden)"), source.lastError());
        assertTrue(source.lastError().contains("decisions.http.api-key"), source.lastError());
        assertTrue(!source.lastError().contains("secret-key"), "the key is never in a message");
    }

    @Test
    void aLongOutageEndsWithAFullResync() throws Exception {
        lapi = new FakeLapi().then(FakeLapi.Answer.ok(BAN_1234));
        for (int i = 0; i < 30; i++) {
            lapi.then(FakeLapi.Answer.error(500));
        }
        lapi.then(FakeLapi.Answer.ok(EMPTY));
        start("resync-after = 1s");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> lapi.requests.size() >= 33);
        List<String> afterOutage = lapi.requests.subList(31, lapi.requests.size());
        assertTrue(afterOutage.get(0).contains("startup=true"), "full list after the outage: " + lapi.requests);
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> !banned("1.2.3.4"));
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetried() throws Exception {
        lapi = new FakeLapi().then(FakeLapi.Answer.stall(3000), FakeLapi.Answer.ok(BAN_1234));
        start("request-timeout = 1s");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> banned("1.2.3.4"));
        assertTrue(lapi.requests.size() >= 2);
    }

    @Test
    void theSnapshotIsWrittenOnStop_andEnforcedAtTheNextStartBeforeLapiAnswers() throws Exception {
        lapi = new FakeLapi().then(FakeLapi.Answer.ok(BAN_1234));
        start("");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> banned("1.2.3.4"));
        source.stop();
        source = null;
        assertTrue(Files.readString(tmp.resolve("snap.json")).contains("\"1.2.3.4\""));
        lapi.close();
        store.replace("http", List.of());
        lapi = new FakeLapi().then(FakeLapi.Answer.stall(5000));
        start("");
        assertTrue(banned("1.2.3.4"), "loaded from the snapshot at start");
        assertTrue(source.isLoaded());
    }

    @Test
    void theSnapshotIsAlsoWrittenAtItsInterval() throws Exception {
        lapi = new FakeLapi().then(FakeLapi.Answer.ok(BAN_1234));
        start("snapshot.interval = 1s");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> Files.exists(tmp.resolve("snap.json")));
        assertTrue(Files.readString(tmp.resolve("snap.json")).contains("\"1.2.3.4\""));
    }

    @Test
    void expiredSnapshotEntriesAreDropped() throws Exception {
        DecisionFactory f = new DecisionFactory();
        DecisionSnapshot snap = new DecisionSnapshot(tmp.resolve("s.json"));
        long now = System.currentTimeMillis();
        snap.write(List.of(f.create("Ip", "1.1.1.1", "ban", "cscli", "x", now - 1, "http"),
                f.create("Range", "10.0.0.0/8", "captcha", "CAPI", "y", now + 60_000, "http"),
                f.create("Country", "FR", "ban", "cscli", "z", Decision.NEVER_EXPIRES, "http")), now);
        List<Decision> read = snap.read(f, "http", now);
        assertEquals(2, read.size());
        assertEquals("10.0.0.0/8", read.get(0).value());
        assertEquals(Decision.NEVER_EXPIRES, read.get(1).expiresAtMillis());
        Files.writeString(tmp.resolve("junk.json"), "{\"something\":1}");
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> new DecisionSnapshot(tmp.resolve("junk.json")).read(f, "http", now));
    }

    @Test
    void settingsAreValidated() {
        String base = "api-url = \"http://127.0.0.1:8080/\"\n";
        assertMessage(base, "decisions.http.api-key: missing: set api-key (or the CROWDSEC_API_KEY environment variable)");
        assertMessage("api-url = \"ftp://x\"\napi-key = k", "decisions.http.api-url: 'ftp://x' (expected: http(s)://host:port/");
        assertMessage(base + "api-key = k\nupdate-frequency = 10ms", "decisions.http.update-frequency: PT0.01S (expected: >= PT1S)");
        assertMessage(base + "api-key = k\nuser-agent = \"a/b/c\"", "decisions.http.user-agent: 'a/b/c' (expected: name/version");
        assertMessage(base + "api-key = k\ncert-path = \"/etc/hostname\"\nkey-path = \"/etc/hostname\"", "decisions.http.cert-path: api-key and cert-path are both set");
        assertMessage(base + "cert-path = \"/nonexistent.pem\"\nkey-path = \"/nonexistent.key\"", "decisions.http.cert-path: /nonexistent.pem: not a readable file");
        assertNotNull(LapiSettings.from(HoconSettings.of("decisions.http", base + "api-key = k")));
    }

    static void assertMessage(String hocon, String prefix) {
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> LapiSettings.from(HoconSettings.of("decisions.http", hocon)));
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }


    /**
     * A LAPI that sends half of the startup answer and then nothing: the answer is abandoned at
     * request-timeout, the store's other writers never wait on it (the streamed replacement holds the store's
     * writer), nothing half-read is served, and the next attempt loads the list.
     */
    @Test
    void aStartupAnswerStalledMidBodyIsAbandonedAtTheRequestTimeout() throws Exception {
        String big = "{\"new\":[" + "{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"5.5.5.5\",\"origin\":\"cscli\",\"scenario\":\"m\"},".repeat(2000)
                + "{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"value\":\"1.2.3.4\",\"origin\":\"cscli\",\"scenario\":\"m\"}],\"deleted\":null}";
        lapi = new FakeLapi().then(FakeLapi.Answer.stallInBody(big, 120_000), FakeLapi.Answer.ok(BAN_1234));
        start("request-timeout = 1s");
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> lapi.requests.size() >= 1);
        DecisionFactory f = new DecisionFactory();
        java.util.concurrent.CompletableFuture.runAsync(() -> store.apply("file",
                List.of(f.create("Ip", "9.9.9.9", "ban", "cscli", "", Decision.NEVER_EXPIRES, "file")), List.of()))
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(banned("9.9.9.9"));
        await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).untilAsserted(() -> assertTrue(banned("1.2.3.4"), "requests " + lapi.requests + " loaded " + source.isLoaded() + " size " + store.size()));
        assertFalse(banned("5.5.5.5"), "nothing of the abandoned answer is served");
        // the second request brought the list (a third may follow at update-frequency: not asserted)
        assertTrue(lapi.requests.get(0).contains("startup=true") && lapi.requests.get(1).contains("startup=true"), lapi.requests.toString());
    }
}
