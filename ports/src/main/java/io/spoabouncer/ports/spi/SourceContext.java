package io.spoabouncer.ports.spi;

import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.ports.out.DecisionSink;
import io.spoabouncer.ports.out.UsageCounter;

/** What the host hands a decision source besides its settings. */
public interface SourceContext {
    /** The name the source was configured under (its factory's name). */
    String name();

    /** Where to write decisions; bound to this source. */
    DecisionSink sink();

    /** Normalises raw decision fields; shared so origins and scenarios are interned once. */
    DecisionFactory decisions();

    /** Requests processed and dropped since the agent started, for sources that report usage upstream. */
    UsageCounter usage();
}
