package io.spoabouncer.adapter.decisions.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #28: the agent killed with SIGKILL in the middle of a snapshot write (a real process, a real half-written
 * file): the next start loads the previous snapshot whole, and the half-written file is cleared away.
 */
class SnapshotKillTest {
    static final int DECISIONS = 20_000;

    @TempDir
    Path tmp;

    @Test
    void killedMidWrite_theNextStartLoadsThePreviousSnapshotWhole() throws Exception {
        Path snap = tmp.resolve("snap.json");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SnapshotWriterMain.class.getName(), snap.toString(), Integer.toString(DECISIONS))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("wrote", out.readLine(), "the first snapshot is written whole");
            assertEquals("halfway", out.readLine(), "the second is half written");
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed by SIGKILL");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(1, temporaries(snap).size(), "the half-written snapshot is on disk: " + temporaries(snap));

        List<Decision> loaded = new DecisionSnapshot(snap).read(new DecisionFactory(), "http", System.currentTimeMillis());
        assertEquals(DECISIONS, loaded.size(), "the previous snapshot, whole");
        assertTrue(loaded.stream().allMatch(d -> d.scenario().equals("generation-1")), "nothing of the half-written one");
        assertFalse(temporaries(snap).size() > 0, "the half-written file is cleared at start: " + temporaries(snap));
    }

    static List<Path> temporaries(Path snap) throws Exception {
        try (Stream<Path> s = Files.list(snap.getParent())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
