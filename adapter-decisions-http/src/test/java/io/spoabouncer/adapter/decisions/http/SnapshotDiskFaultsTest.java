package io.spoabouncer.adapter.decisions.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.testing.RecordingSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #28: the snapshot directory full, then read-only, on a real filesystem (a 64 KiB tmpfs mounted under
 * target/, remounted read-only): the agent keeps enforcing every decision it holds, says why in one line
 * ("cannot write the snapshot ...: No space left on device" / "Read-only file system"), counts it, and the
 * previous snapshot stays whole for the next start. Mounting needs root, as the README's test command runs.
 */
class SnapshotDiskFaultsTest {
    @TempDir
    Path tmp;
    Path mount;
    final DecisionStore store = new DecisionStore();
    final RecordingSink sink = new RecordingSink(store, "http");
    final LogLines log = new LogLines(HttpDecisionSource.class);
    HttpDecisionSource source;
    FakeLapi lapi;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        Assumptions.assumeTrue("0".equals(run("id", "-u").trim()), "mounting a tmpfs needs root (the README's test command runs as root)");
        mount = Files.createDirectories(tmp.resolve("disk"));
        run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        log.close();
        if (source != null) {
            source.stop();
        }
        if (lapi != null) {
            lapi.close();
        }
        if (mount != null) {
            run("umount", "--lazy", mount.toString()); // lazy: never leaves a mount behind, even with a file still open
        }
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
        return out;
    }

    static String decisions(int n) {
        StringBuilder b = new StringBuilder("{\"new\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"duration\":\"1h\",\"scope\":\"Ip\",\"type\":\"ban\",\"origin\":\"crowdsec\",\"scenario\":\"s\",\"value\":\"10.1.")
                    .append(i / 250).append('.').append(i % 250).append("\"}");
        }
        return b.append("],\"deleted\":null}").toString();
    }

    void start() throws Exception {
        source = LapiSources.create(lapi.url(), "k", sink, new io.spoabouncer.core.usage.UsageTally(),
                "snapshot { path = \"" + mount.resolve("snap.json") + "\", interval = 1s }\n");
        source.start();
    }

    boolean banned(String ip) {
        return LapiSources.banned(store, ip);
    }

    String snapshotFailure() {
        return log.warnings().stream().filter(l -> l.contains("cannot write the snapshot")).findFirst().orElse(null);
    }

    @Test
    void aFullDisk_keepsEnforcing_saysWhy_keepsThePreviousSnapshot() throws Exception {
        lapi = new FakeLapi().then(FakeLapi.Answer.ok(decisions(10)));
        start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(mount.resolve("snap.json")) && banned("10.1.0.9"));
        lapi.then(FakeLapi.Answer.ok(decisions(2000)), FakeLapi.Answer.ok("{\"new\":null,\"deleted\":null}")); // ~200 KB: more than the disk
        sink.failedSnapshots.set(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> snapshotFailure() != null);
        assertTrue(snapshotFailure().contains("No space left on device"), snapshotFailure());
        assertTrue(snapshotFailure().contains("decisions held are still enforced"), snapshotFailure());
        assertTrue(sink.failedSnapshots.get() >= 1, "counted");
        assertTrue(banned("10.1.7.249") && banned("10.1.0.9"), "every decision held is enforced");
        assertEquals(10, new DecisionSnapshot(mount.resolve("snap.json")).read(new DecisionFactory(), "http", System.currentTimeMillis()).size(),
                "the previous snapshot is whole");
        try (java.util.stream.Stream<Path> files = Files.list(mount)) {
            assertEquals(1, files.count(), "no half-written file left on the full disk");
        }
    }

    @Test
    void aReadOnlyDirectory_keepsEnforcing_saysWhy_theNextStartLoadsThePreviousSnapshot() throws Exception {
        lapi = new FakeLapi().then(FakeLapi.Answer.ok(decisions(10)));
        start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(mount.resolve("snap.json")) && banned("10.1.0.9"));
        run("mount", "-o", "remount,ro", mount.toString());
        lapi.then(FakeLapi.Answer.ok(decisions(20)));
        await().atMost(Duration.ofSeconds(30)).until(() -> snapshotFailure() != null && banned("10.1.0.19"));
        assertTrue(snapshotFailure().contains("Read-only file system"), snapshotFailure());
        assertTrue(sink.failedSnapshots.get() >= 1, "counted");
        source.stop();
        source = null;
        store.replace("http", java.util.List.of());
        lapi.close();
        lapi = new FakeLapi().then(FakeLapi.Answer.stall(10_000));
        start();
        assertTrue(banned("10.1.0.9"), "the next start loads the previous snapshot (LAPI not answering yet)");
        assertEquals(10, store.size("http"), "whole");
    }
}
