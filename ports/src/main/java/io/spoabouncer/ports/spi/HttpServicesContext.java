package io.spoabouncer.ports.spi;

import io.spoabouncer.ports.out.AgentMetrics;

/** What the host hands the outbound HTTP services. */
public interface HttpServicesContext {
    AgentMetrics metrics();
}
