package io.spoabouncer.adapter.spoe.server;

import io.spoabouncer.ports.in.RequestHandler;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.spi.Plugin;
import io.spoabouncer.ports.spi.Settings;
import io.spoabouncer.ports.spi.Transport;
import io.spoabouncer.ports.spi.TransportFactory;
import java.util.List;

/** Registers the SPOE transport under the name {@code spoe}; settings live under {@code spoe}. */
public final class SpoePlugin implements Plugin {
    @Override
    public List<TransportFactory> transportFactories() {
        return List.of(new TransportFactory() {
            @Override
            public String name() {
                return "spoe";
            }

            @Override
            public Transport create(Settings settings, RequestHandler handler, AgentMetrics metrics) {
                return new SpoeServer(SpoeSettings.from(settings), handler, metrics);
            }
        });
    }
}
