package io.spoabouncer.adapter.decisions.file;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Fuzz target: any bytes as a decisions file in a plain list (one address or range per line, {@code #} comments). The parser either reads it (each bad
 * entry skipped and counted, every decision it keeps a whole one) or refuses the whole file with an
 * {@link IOException} that the source logs, keeping the decisions it holds; nothing else escapes.
 */
class PlainFileFuzzTest {
    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({"#", "192.0.2.1", "198.51.100.0/24", "::ffff:", "2001:db8::/32", " "})
    void plain(byte[] input) throws IOException {
        ParseResult out = new ParseResult("fuzz.txt");
        try {
            PlainListParser.parse(FuzzFiles.reader(input), FuzzFiles.SPEC, FuzzFiles.FILE_TIME, FuzzFiles.FACTORY, "fuzz", out);
        } finally {
            FuzzFiles.whole(out);
        }
    }
}
