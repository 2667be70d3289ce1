package io.spoabouncer.ports.spi;

import io.spoabouncer.ports.in.RequestHandler;
import io.spoabouncer.ports.out.AgentMetrics;

/** What the host hands a transport besides its settings; use the services from {@link Component#start()} on. */
public interface TransportContext {
    RequestHandler handler();

    AgentMetrics metrics();
}
