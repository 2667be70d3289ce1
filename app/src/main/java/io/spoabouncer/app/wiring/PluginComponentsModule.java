package io.spoabouncer.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import io.spoabouncer.core.decisions.StoreSink;
import io.spoabouncer.core.http.CurrentHostPolicies;
import io.spoabouncer.core.usage.UsageTally;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.in.RequestHandler;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.DecisionSink;
import io.spoabouncer.ports.out.DecisionView;
import io.spoabouncer.ports.out.HostPolicies;
import io.spoabouncer.ports.out.UsageCounter;
import io.spoabouncer.ports.in.ChallengeRelay;
import io.spoabouncer.ports.spi.ChallengeContext;
import io.spoabouncer.ports.spi.ChallengeListener;
import io.spoabouncer.ports.spi.ConfigurationException;
import io.spoabouncer.ports.spi.DecisionMirror;
import io.spoabouncer.ports.spi.MirrorContext;
import io.spoabouncer.ports.spi.DecisionSource;
import io.spoabouncer.ports.spi.GeoContext;
import io.spoabouncer.ports.out.GeoLocator;
import io.spoabouncer.ports.spi.GeoService;
import io.spoabouncer.ports.spi.HttpServices;
import io.spoabouncer.ports.spi.HttpServicesContext;
import io.spoabouncer.ports.spi.Kind;
import io.spoabouncer.ports.spi.MetricsAdapter;
import io.spoabouncer.ports.spi.MetricsContext;
import io.spoabouncer.ports.spi.SourceContext;
import io.spoabouncer.ports.spi.Transport;
import io.spoabouncer.ports.spi.TransportContext;
import io.spoabouncer.settings.hocon.HoconSettings;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Every plug-in component the config names, each made by {@link Components} from its kind, name, settings
 * and context. Contexts hand services through providers: a component is created (and its settings
 * checked) even when a service it will use failed validation, so one run reports every problem.
 */
public final class PluginComponentsModule extends AbstractModule {
    @Provides
    @Singleton
    Components.Created<MetricsAdapter> metrics(AppSettings app, Components components, Config config, DecisionView decisions,
                                              Provider<DecisionSources> sources) {
        // Ready once every decision source has loaded (or loaded its snapshot).
        BooleanSupplier ready = () -> sources.get().all().stream().allMatch(DecisionSource::isLoaded);
        MetricsContext context = new MetricsContext() {
            @Override
            public DecisionView decisions() {
                return decisions;
            }

            @Override
            public BooleanSupplier ready() {
                return ready;
            }
        };
        return components.create(Kind.METRICS, app.metrics(), "metrics.backend", HoconSettings.at(config, "metrics"), context);
    }

    @Provides
    MetricsAdapter metricsAdapter(Components.Created<MetricsAdapter> created) {
        return created.component();
    }

    @Provides
    Transport transportComponent(Components.Created<Transport> created) {
        return created.component();
    }

    @Provides
    GeoService geoService(Components.Created<GeoService> created) {
        return created.component();
    }

    /** What the request path reports to: the metrics back end's meters (a no-op when it is off). */
    @Provides
    @Singleton
    AgentMetrics agentMetrics(Components.Created<MetricsAdapter> adapter) {
        return adapter.component().metrics();
    }

    @Provides
    @Singleton
    Components.Created<GeoService> geo(AppSettings app, Components components, Config config, DecisionView decisions) {
        GeoContext context = () -> decisions;
        return components.create(Kind.GEO, app.geo(), "geo.backend", HoconSettings.at(config, "geo"), context);
    }

    @Provides
    @Singleton
    Components.Created<HttpServices> httpServices(AppSettings app, Components components, Config config, Provider<AgentMetrics> metrics) {
        HttpServicesContext context = metrics::get;
        return components.create(Kind.HTTP_SERVICES, app.httpServices(), "http.backend", HoconSettings.at(config, "http"), context);
    }

    @Provides
    @Singleton
    DecisionSources sources(AppSettings app, Components components, Config config, DecisionStore store, DecisionFactory decisions,
                            Provider<AgentMetrics> metrics, UsageTally usage) {
        List<Components.Created<DecisionSource>> out = new ArrayList<>();
        List<ConfigurationException> problems = new ArrayList<>();
        for (String name : app.checkedSources()) {
            DecisionSink sink = new StoreSink(store, name, metrics::get);
            SourceContext context = new SourceContext() {
                @Override
                public String name() {
                    return name;
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
                public UsageCounter usage() {
                    return usage;
                }
            };
            try {
                out.add(components.create(Kind.DECISION_SOURCE, name, "decisions.sources", HoconSettings.at(config, "decisions." + name), context));
            } catch (ConfigurationException e) {
                problems.add(e); // and go on: every source's problems in one run
            }
        }
        if (!problems.isEmpty()) {
            throw ConfigurationException.of(problems);
        }
        return new DecisionSources(List.copyOf(out));
    }

    @Provides
    @Singleton
    Components.Created<ChallengeListener> challengeListener(Components components, Config config, Provider<ChallengeRelay> relay,
                                                            Provider<AgentMetrics> metrics) {
        ChallengeContext context = new ChallengeContext() {
            @Override
            public ChallengeRelay relay() {
                return relay.get();
            }

            @Override
            public AgentMetrics metrics() {
                return metrics.get();
            }
        };
        return components.create(Kind.CHALLENGE_LISTENER, config.getString("http.challenge.backend"), "http.challenge.backend",
                HoconSettings.at(config, "http.challenge"), context);
    }

    @Provides
    @Singleton
    Components.Created<DecisionMirror> mirror(Components components, Config config, DecisionView decisions, Provider<GeoService> geo,
                                              Provider<CurrentHostPolicies> hosts) {
        MirrorContext context = new MirrorContext() {
            @Override
            public DecisionView decisions() {
                return decisions;
            }

            @Override
            public GeoLocator geo() {
                return geo.get();
            }

            @Override
            public HostPolicies hosts() {
                return hosts.get();
            }
        };
        return components.create(Kind.MIRROR, config.getString("haproxy-maps.backend"), "haproxy-maps.backend",
                HoconSettings.at(config, "haproxy-maps"), context);
    }

    @Provides
    @Singleton
    Components.Created<Transport> transport(AppSettings app, Components components, Config config, Provider<RequestHandler> handler,
                                            Provider<AgentMetrics> metrics) {
        TransportContext context = new TransportContext() {
            @Override
            public RequestHandler handler() {
                return handler.get();
            }

            @Override
            public AgentMetrics metrics() {
                return metrics.get();
            }
        };
        return components.create(Kind.TRANSPORT, app.transport(), "transport", HoconSettings.at(config, app.transport()), context);
    }
}
