package io.spoabouncer.adapter.decisions.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.spoabouncer.domain.decision.Decision;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz target: any body as a {@code /v1/decisions/stream} answer, read as a delta and as a startup answer.
 * It is read (bad decisions skipped and counted, each kept decision whole, never more than the bound) or
 * refused with an {@link IOException}, which the source logs while it keeps what it holds; nothing else
 * escapes.
 */
class StreamAnswerFuzzTest {
    private static final int MAX_DECISIONS = 1000;

    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({"{\"new\":[", "\"deleted\":", "null", "\"duration\":\"3h59m59.5s\"", "\"id\":", "\"origin\":\"crowdsec\"",
            "\"scenario\":", "\"scope\":\"Ip\"", "\"scope\":\"Range\"", "\"type\":\"ban\"", "\"value\":\"192.0.2.1\"", "\"until\":", "\"uuid\":",
            "\"simulated\":false", "[", "]", "{", "}", ","})
    void streamAnswer(byte[] input) {
        List<Decision> streamed = new ArrayList<>();
        StreamParser parser = new StreamParser(FuzzDecisions.FACTORY, "fuzz", MAX_DECISIONS);
        for (boolean startup : new boolean[] {false, true}) {
            try {
                StreamBatch batch = parser.parse(new ByteArrayInputStream(input), FuzzDecisions.NOW, startup ? streamed::add : null);
                assertTrue(batch.count <= MAX_DECISIONS, "more decisions than the bound");
                batch.added.forEach(FuzzDecisions::whole);
                batch.deleted.forEach(FuzzDecisions::whole);
            } catch (IOException refused) {
                // not JSON, truncated, too deep, too long, too many: the answer is refused as a whole
            }
        }
        streamed.forEach(FuzzDecisions::whole);
    }
}
