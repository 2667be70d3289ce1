package io.spoabouncer.adapter.decisions.http;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Lets the benchmark (another package) drive the package-private parser. */
public final class StreamParserAccess {
    private StreamParserAccess() {
    }

    public static Object parse(DecisionFactory factory, InputStream body, long now) throws IOException {
        return new StreamParser(factory, "http", 10_000_000).parse(body, now);
    }

    @SuppressWarnings("unchecked")
    public static List<Decision> added(Object batch) {
        return ((StreamBatch) batch).added;
    }
}
