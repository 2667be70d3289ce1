package io.spoabouncer.adapter.decisions.http;

import io.spoabouncer.ports.spi.DecisionSource;
import io.spoabouncer.ports.spi.DecisionSourceFactory;
import io.spoabouncer.ports.spi.Plugin;
import io.spoabouncer.ports.spi.SourceContext;
import java.util.List;

/** Registers the {@code http} decision source (the CrowdSec LAPI stream); settings under {@code decisions.http}. */
public final class HttpDecisionsPlugin implements Plugin {
    @Override
    public List<DecisionSourceFactory> decisionSourceFactories() {
        return List.of(new DecisionSourceFactory() {
            @Override
            public String name() {
                return "http";
            }

            @Override
            public DecisionSource create(SourceContext context) {
                return new HttpDecisionSource(context.name(), LapiSettings.from(context.settings()), context.sink(),
                        context.decisions(), context.usage(), System::currentTimeMillis);
            }
        });
    }
}
