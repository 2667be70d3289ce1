package io.spoabouncer.adapter.decisions.file;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** What the decisions-file fuzz targets share: one file's settings, and the check that kept decisions are whole. */
final class FuzzFiles {
    static final FileSpec SPEC = new FileSpec(Path.of("fuzz"), FileFormat.AUTO, "ban", Duration.ofHours(4), "lists", "fuzz");
    static final DecisionFactory FACTORY = new DecisionFactory();
    static final long FILE_TIME = 1_800_000_000_000L;

    private FuzzFiles() {
    }

    static BufferedReader reader(byte[] input) {
        return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8));
    }

    static void whole(ParseResult out) {
        for (Decision d : out.decisions) {
            assertNotNull(d.scope());
            assertNotNull(d.value());
            assertNotNull(d.type());
        }
    }
}
