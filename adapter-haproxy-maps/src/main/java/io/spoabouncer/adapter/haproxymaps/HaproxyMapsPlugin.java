package io.spoabouncer.adapter.haproxymaps;

import io.spoabouncer.ports.spi.Factory;
import io.spoabouncer.ports.spi.Kind;
import io.spoabouncer.ports.spi.Plugin;
import java.util.List;

/** Registers the {@code runtime-api} decision mirror; settings under {@code haproxy-maps}. */
public final class HaproxyMapsPlugin implements Plugin {
    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Factory<?, ?>> factories() {
        return List.of(Factory.of(Kind.MIRROR, "runtime-api", (settings, context) -> new HaproxyMapSync(MapSyncSettings.from(settings), context.decisions(), context.geo(), context.hosts())));
    }
}
