package io.spoabouncer.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.spoabouncer.app.lifecycle.Lifecycle;
import io.spoabouncer.app.lifecycle.Managed;
import io.spoabouncer.core.decisions.ExpiryPurger;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.spi.ChallengeListener;
import io.spoabouncer.ports.spi.DecisionMirror;
import io.spoabouncer.ports.spi.GeoService;
import io.spoabouncer.ports.spi.HttpServices;
import io.spoabouncer.ports.spi.MetricsAdapter;
import io.spoabouncer.ports.spi.Transport;
import java.util.ArrayList;
import java.util.List;

/** The start order: decisions first (so the first request already sees them), the listener last. */
public final class LifecycleModule extends AbstractModule {
    @Provides
    @Singleton
    ExpiryPurger purger(AppSettings app, DecisionStore store, io.spoabouncer.ports.out.AgentMetrics metrics) {
        return new ExpiryPurger(store, app.checkedPurgeInterval(), io.spoabouncer.domain.time.SteadyClock.SYSTEM, metrics);
    }

    @Provides
    @Singleton
    Lifecycle lifecycle(ExpiryPurger purger, Components.Created<GeoService> geo, Components.Created<MetricsAdapter> metrics,
                        Components.Created<HttpServices> http, DecisionSources sources, Components.Created<ChallengeListener> challenge,
                        Components.Created<DecisionMirror> mirror,
                        Components.Created<Transport> transport) {
        List<Managed> order = new ArrayList<>();
        order.add(geo.managed());
        order.add(metrics.managed());
        order.add(http.managed());
        order.add(Managed.host(purger));
        sources.created().forEach(s -> order.add(s.managed()));
        order.add(mirror.managed());
        order.add(challenge.managed());
        order.add(transport.managed());
        return new Lifecycle(order);
    }
}
