package io.spoabouncer.ports.spi;

import io.spoabouncer.ports.out.DecisionView;

/** What the host hands a geo back end: the decisions, read only (to warn when geo decisions cannot match). */
public interface GeoContext {
    DecisionView decisions();
}
