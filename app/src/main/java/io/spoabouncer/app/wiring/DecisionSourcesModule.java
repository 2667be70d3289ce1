package io.spoabouncer.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import io.spoabouncer.app.config.HoconSettings;
import io.spoabouncer.app.plugins.PluginRegistry;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.DecisionSink;
import io.spoabouncer.ports.service.UsageTally;
import io.spoabouncer.ports.spi.ConfigurationException;
import io.spoabouncer.ports.spi.DecisionSource;
import io.spoabouncer.ports.spi.DecisionSourceFactory;
import io.spoabouncer.ports.spi.Settings;
import io.spoabouncer.ports.spi.SourceContext;
import java.util.ArrayList;
import java.util.List;

/** Creates each source named in {@code decisions.sources} from its factory (built-in or plugin). */
public final class DecisionSourcesModule extends AbstractModule {
    @Provides
    @Singleton
    DecisionSources sources(AppSettings app, PluginRegistry registry, Config config, DecisionStore store,
                            DecisionFactory decisions, AgentMetrics metrics, UsageTally usage) {
        List<DecisionSource> out = new ArrayList<>();
        for (String name : app.sources()) {
            PluginRegistry.Registered<DecisionSourceFactory> registered = registry.decisionSource(name);
            if (registered == null) {
                throw new ConfigurationException("decisions.sources", "unknown decision source '" + name
                        + "' (available: " + String.join(", ", registry.decisionSourceNames()) + ")");
            }
            Settings settings = HoconSettings.at(config, "decisions." + name);
            DecisionSink sink = new StoreSink(store, name, metrics);
            SourceContext context = new SourceContext() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public Settings settings() {
                    return settings;
                }

                @Override
                public DecisionSink sink() {
                    return sink;
                }

                @Override
                public DecisionFactory decisions() {
                    return decisions;
                }

                @Override
                public UsageTally usage() {
                    return usage;
                }
            };
            out.add(PluginCalls.withLoader(registered.plugin().loader(), () -> registered.factory().create(context)));
        }
        return new DecisionSources(List.copyOf(out));
    }
}
