package io.spoabouncer.plugins.blocklist;

import io.spoabouncer.ports.spi.DecisionSource;
import io.spoabouncer.ports.spi.DecisionSourceFactory;
import io.spoabouncer.ports.spi.Plugin;
import io.spoabouncer.ports.spi.SourceContext;
import java.util.List;

/**
 * Example plugin: a decision source named {@code blocklist-http} that pulls plain-text IP/CIDR lists
 * (the kind published for firewalls) over HTTP(S) at an interval. Settings: {@code decisions.blocklist-http}.
 */
public final class BlocklistPlugin implements Plugin {
    @Override
    public List<DecisionSourceFactory> decisionSourceFactories() {
        return List.of(new DecisionSourceFactory() {
            @Override
            public String name() {
                return "blocklist-http";
            }

            @Override
            public DecisionSource create(SourceContext context) {
                return new BlocklistSource(BlocklistSettings.from(context.settings()), context.name(), context.sink(), context.decisions());
            }
        });
    }
}
