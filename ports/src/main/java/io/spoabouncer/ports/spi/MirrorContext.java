package io.spoabouncer.ports.spi;

import io.spoabouncer.ports.out.DecisionView;

/** What the host hands a decision mirror (e.g. HAProxy's maps): the decisions, read only. */
public interface MirrorContext {
    DecisionView decisions();
}
