package io.spoabouncer.ports.spi;

import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.ports.out.DecisionSink;
import io.spoabouncer.ports.service.UsageTally;

/** What the host hands a decision source. */
public interface SourceContext {
    /** The name the source was configured under (its factory's name). */
    String name();

    /** The {@code decisions.<name>} subtree, with the plugin's defaults under it. */
    Settings settings();

    /** Where to write decisions; bound to this source. */
    DecisionSink sink();

    /** Normalises raw decision fields; shared so origins and scenarios are interned once. */
    DecisionFactory decisions();

    /** Requests processed and dropped since the agent started, for sources that report usage upstream. */
    UsageTally usage();
}
