package io.spoabouncer.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.spoabouncer.app.geo.MaxMindGeoLocator;
import io.spoabouncer.app.lifecycle.ExpiryPurger;
import io.spoabouncer.app.lifecycle.Lifecycle;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.spi.Component;
import io.spoabouncer.ports.spi.MetricsAdapter;
import io.spoabouncer.ports.spi.Transport;
import java.util.ArrayList;
import java.util.List;

/** The start order: decisions first (so the first request already sees them), the listener last. */
public final class LifecycleModule extends AbstractModule {
    @Provides
    @Singleton
    Lifecycle lifecycle(AppSettings app, DecisionStore store, MaxMindGeoLocator geo, MetricsAdapter metrics, DecisionSources sources,
                        Transport transport) {
        List<Component> order = new ArrayList<>();
        order.add(geo);
        order.add(metrics);
        order.add(new ExpiryPurger(store, app.purgeInterval()));
        order.addAll(sources.all());
        order.add(transport);
        return new Lifecycle(order);
    }
}
