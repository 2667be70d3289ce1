package io.spoabouncer.adapter.decisions.http;

import io.spoabouncer.domain.decision.Decision;
import java.util.ArrayList;
import java.util.List;

/** One answer of /v1/decisions/stream, parsed: what is new, what was deleted, what had to be skipped. */
final class StreamBatch {
    final List<Decision> added = new ArrayList<>();
    final List<Decision> deleted = new ArrayList<>();
    int rejected;
    /** Decisions of scopes the agent does not act on (e.g. Username): not errors, just not ours. */
    int otherScopes;
}
