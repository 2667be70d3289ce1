package io.spoabouncer.plugins.blocklist;

import io.spoabouncer.ports.spi.Factory;
import io.spoabouncer.ports.spi.Kind;
import io.spoabouncer.ports.spi.Plugin;
import java.util.List;

/**
 * Example plugin: a decision source named {@code blocklist-http} that pulls plain-text IP/CIDR lists
 * (the kind published for firewalls) over HTTP(S) at an interval. Settings: {@code decisions.blocklist-http}.
 */
public final class BlocklistPlugin implements Plugin {
    /** Compiled into this class: the host compares it with its own SPI version. */
    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Factory<?, ?>> factories() {
        return List.of(Factory.of(Kind.DECISION_SOURCE, "blocklist-http",
                (settings, context) -> new BlocklistSource(BlocklistSettings.from(settings), context.name(), context.sink(), context.decisions())));
    }
}
