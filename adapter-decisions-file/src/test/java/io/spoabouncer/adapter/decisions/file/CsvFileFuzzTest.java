package io.spoabouncer.adapter.decisions.file;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Fuzz target: any bytes as a decisions file in CSV (both the import format and {@code cscli decisions list -o raw}). The parser either reads it (each bad
 * entry skipped and counted, every decision it keeps a whole one) or refuses the whole file with an
 * {@link IOException} that the source logs, keeping the decisions it holds; nothing else escapes.
 */
class CsvFileFuzzTest {
    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({"value,scope,type,duration,origin,reason", "id,source,ip,reason,action,country,as,events_count,expiration,simulated,alert_id",
            "Ip:", "Range:", "Country:", "ban", "captcha", "4h", "2h59m59.5s", ",", "\"", "\"\"", "192.0.2.1", "2001:db8::/32"})
    void csv(byte[] input) throws IOException {
        ParseResult out = new ParseResult("fuzz.csv");
        try {
            CsvParser.parse(FuzzFiles.reader(input), FuzzFiles.SPEC, FuzzFiles.FILE_TIME, FuzzFiles.FACTORY, "fuzz", out);
        } finally {
            FuzzFiles.whole(out);
        }
    }
}
