package io.spoabouncer.adapter.decisions.file;

import io.spoabouncer.domain.decision.Decision;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** What reading one file produced: the decisions, and the bad entries skipped (logged with file:line). */
final class ParseResult {
    private static final int LOGGED_PER_FILE = 10;

    final List<Decision> decisions = new ArrayList<>();
    private final String file;
    private int rejected;

    ParseResult(String file) {
        this.file = file;
    }

    void reject(Logger log, long line, String why) {
        rejected++;
        if (rejected <= LOGGED_PER_FILE) {
            log.warn("{}:{}: skipped: {}", file, line, why);
        } else if (rejected == LOGGED_PER_FILE + 1) {
            log.warn("{}: more entries skipped; only the first {} are logged", file, LOGGED_PER_FILE);
        }
    }

    int rejected() {
        return rejected;
    }
}
