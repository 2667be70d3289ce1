package io.spoabouncer.ports.spi;

import io.spoabouncer.ports.out.DecisionView;
import io.spoabouncer.ports.out.GeoLocator;

/** What the host hands a decision mirror (e.g. HAProxy's maps): the decisions, read only, and the geo databases. */
public interface MirrorContext {
    DecisionView decisions();

    /** Where Country and AS decisions are, as address ranges ({@link GeoLocator#NONE} without databases). */
    GeoLocator geo();
}
