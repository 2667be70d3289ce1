package io.spoabouncer.adapter.geo;

import io.spoabouncer.ports.spi.Factory;
import io.spoabouncer.ports.spi.Kind;
import io.spoabouncer.ports.spi.Plugin;
import java.util.List;

/** Registers the {@code maxmind} geo back end; settings under {@code geo}. */
public final class MaxMindGeoPlugin implements Plugin {
    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Factory<?, ?>> factories() {
        return List.of(Factory.of(Kind.GEO, "maxmind", (settings, context) -> new MaxMindGeoLocator(settings, context.decisions())));
    }
}
