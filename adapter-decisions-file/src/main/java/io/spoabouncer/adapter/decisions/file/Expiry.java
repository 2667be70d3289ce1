package io.spoabouncer.adapter.decisions.file;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.GoDuration;

/**
 * Expiry of a file's decision: durations in a dump count from when the file was written (its mtime),
 * so re-reading an unchanged file never extends a ban.
 */
final class Expiry {
    private Expiry() {
    }

    static long of(String goDuration, long fileTimeMillis, long defaultMillis) {
        if (goDuration == null || goDuration.isBlank()) {
            return defaultMillis <= 0 ? Decision.NEVER_EXPIRES : fileTimeMillis + defaultMillis;
        }
        return fileTimeMillis + GoDuration.toMillis(goDuration);
    }
}
