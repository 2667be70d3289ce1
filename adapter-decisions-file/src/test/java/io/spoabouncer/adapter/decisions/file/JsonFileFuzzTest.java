package io.spoabouncer.adapter.decisions.file;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Fuzz target: any bytes as a decisions file in JSON (a list, {@code cscli -o json} or a stream answer). The parser either reads it (each bad
 * entry skipped and counted, every decision it keeps a whole one) or refuses the whole file with an
 * {@link IOException} that the source logs, keeping the decisions it holds; nothing else escapes.
 */
class JsonFileFuzzTest {
    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({"{\"new\":[", "\"value\":", "\"scope\":", "\"type\":", "\"duration\":", "\"until\":", "\"origin\":", "\"scenario\":",
            "\"decisions\":", "null", "[", "]", "{", "}", "\"Ip\"", "\"Range\"", "\"ban\"", "\"4h\"", "\"192.0.2.1\""})
    void json(byte[] input) throws IOException {
        ParseResult out = new ParseResult("fuzz.json");
        try {
            JsonDecisionParser.parse(FuzzFiles.reader(input), FuzzFiles.SPEC, FuzzFiles.FILE_TIME, FuzzFiles.FACTORY, "fuzz", out);
        } catch (IOException refused) {
            // malformed JSON, too deep, a string too long: the file is refused as a whole
        } finally {
            FuzzFiles.whole(out);
        }
    }
}
