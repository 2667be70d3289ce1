package io.spoabouncer.adapter.decisions.http;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target: any file as the decisions snapshot. It is read (each kept decision whole, expired ones
 * dropped) or refused with an {@link IOException}: the source then starts without it and says so; nothing
 * else escapes.
 */
class SnapshotFileFuzzTest {
    private static final Path SNAPSHOT = snapshotFile();

    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({"{\"format\":\"spoa-bouncer-decisions\",\"version\":1,\"written_at\":", "\"decisions\":[", "\"expires_at\":",
            "\"scope\":\"Ip\"", "\"value\":\"192.0.2.1\"", "\"type\":\"ban\"", "\"origin\":\"crowdsec\"", "\"scenario\":\"\"", "[", "]", "{", "}", ","})
    void snapshotFile(byte[] input) throws IOException {
        Files.write(SNAPSHOT, input);
        try {
            new DecisionSnapshot(SNAPSHOT).read(FuzzDecisions.FACTORY, "fuzz", FuzzDecisions.NOW).forEach(FuzzDecisions::whole);
        } catch (IOException refused) {
            // not a snapshot, or a damaged one: the source starts without it and says so
        }
    }

    private static Path snapshotFile() {
        try {
            return Files.createTempFile("fuzz-snapshot", ".json"); // java.io.tmpdir is target/ in tests
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
