package io.spoabouncer.adapter.decisions.http;

import io.spoabouncer.ports.spi.Factory;
import io.spoabouncer.ports.spi.Kind;
import io.spoabouncer.ports.spi.Plugin;
import java.util.List;
import java.util.Set;

/** Registers the {@code http} decision source (the CrowdSec LAPI stream); settings under {@code decisions.http}. */
public final class HttpDecisionsPlugin implements Plugin {
    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Factory<?, ?>> factories() {
        return List.of(Factory.of(Kind.DECISION_SOURCE, "http", Set.of("api-key"),
                (settings, context) -> new HttpDecisionSource(context.name(), LapiSettings.from(settings), context.sink(),
                        context.decisions(), context.usage(), io.spoabouncer.domain.time.SteadyClock.SYSTEM)));
    }
}
