package io.spoabouncer.ports.spi;

import io.spoabouncer.ports.in.RequestHandler;
import io.spoabouncer.ports.out.AgentMetrics;

/** Creates the transport (the SPOE listener); its settings are the {@code <name>} subtree. */
public interface TransportFactory {
    String name();

    Transport create(Settings settings, RequestHandler handler, AgentMetrics metrics);
}
