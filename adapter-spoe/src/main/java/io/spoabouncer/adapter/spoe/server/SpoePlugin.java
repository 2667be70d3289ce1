package io.spoabouncer.adapter.spoe.server;

import io.spoabouncer.ports.spi.Factory;
import io.spoabouncer.ports.spi.Kind;
import io.spoabouncer.ports.spi.Plugin;
import java.util.List;

/** Registers the SPOE transport under the name {@code spoe}; settings live under {@code spoe}. */
public final class SpoePlugin implements Plugin {
    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Factory<?, ?>> factories() {
        return List.of(Factory.of(Kind.TRANSPORT, "spoe", (settings, context) -> new SpoeServer(SpoeSettings.from(settings), context)));
    }
}
