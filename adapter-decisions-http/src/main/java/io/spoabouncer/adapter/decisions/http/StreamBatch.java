package io.spoabouncer.adapter.decisions.http;

import io.spoabouncer.domain.decision.Decision;
import java.util.ArrayList;
import java.util.List;

/** One answer of /v1/decisions/stream, parsed: what is new, what was deleted, what had to be skipped. */
final class StreamBatch {
    final List<Decision> added = new ArrayList<>();
    final List<Decision> deleted = new ArrayList<>();
    int rejected;
    /** Decisions read (new and deleted, ours only), for decisions.http.max-decisions. */
    long count;
    /** Where a startup answer's new decisions went instead of {@link #added}, or null. */
    java.util.function.Consumer<Decision> streamed;
    /** Decisions of scopes the agent does not act on (e.g. Username): not errors, just not ours. */
    int otherScopes;
    /** LAPI ids of every item of the answer (new and deleted, ours or not), for the shared-key watch. */
    long[] ids = new long[64];
    int idCount;

    void seen(long id) {
        if (id < 0) {
            return;
        }
        if (idCount == ids.length) {
            ids = java.util.Arrays.copyOf(ids, ids.length * 2);
        }
        ids[idCount++] = id;
    }
}
