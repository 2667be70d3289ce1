package io.spoabouncer.adapter.decisions.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.ports.testing.RecordingSink;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * #28: a decisions file of 10 million lines (a plain list of addresses, 139 MB, under the default
 * max-file-bytes of 512m) is read whole at start: every address banned, the malformed lines among them
 * skipped and counted, one line in the log. (A file over max-file-bytes is refused whole with its previous
 * decisions kept: FileDecisionSourceTest.aFileOverTheSizeBoundIsRefused.)
 */
class TenMillionLinesTest {
    static final int LINES = 10_000_000;

    @TempDir
    Path dir;

    @Test
    void aFileOfTenMillionLinesIsReadWhole() throws Exception {
        Path f = dir.resolve("big.txt");
        try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < LINES; i++) {
                if (i % 1_000_000 == 999_999) {
                    w.write("not-an-address\n");
                    continue;
                }
                w.write(ip(i));
                w.write('\n');
            }
        }
        RecordingSink sink = new RecordingSink("file");
        FileDecisionSource source = new FileDecisionSource("file", List.of(new FileSpec(f, FileFormat.AUTO, "ban", Duration.ZERO, "lists", "")),
                Duration.ofSeconds(1), Duration.ofMillis(200), 512L << 20, sink, new DecisionFactory());
        try {
            source.start();
            assertEquals(LINES - 10, sink.size(), "every address");
            assertEquals(10, sink.rejected.get(), "the ten malformed lines, skipped and counted");
            assertNotNull(sink.store.lookup(a(ip(0)).hi(), a(ip(0)).lo(), 0, -1));
            assertNotNull(sink.store.lookup(a(ip(LINES - 2)).hi(), a(ip(LINES - 2)).lo(), 0, -1));
            assertNull(sink.store.lookup(a("203.0.113.1").hi(), a("203.0.113.1").lo(), 0, -1));
        } finally {
            source.stop();
        }
    }

    static String ip(int i) {
        return (10 + (i >>> 24)) + "." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255);
    }

    static IpAddress a(String ip) {
        return IpAddress.parse(ip);
    }
}
