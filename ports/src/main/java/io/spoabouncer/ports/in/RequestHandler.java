package io.spoabouncer.ports.in;

import io.spoabouncer.domain.request.ClientRequest;
import io.spoabouncer.domain.request.Verdict;

/** The use case a transport drives: judge one request. Runs on a transport's I/O thread, so it must not block. */
public interface RequestHandler {
    void handle(ClientRequest request, Verdict verdict);
}
