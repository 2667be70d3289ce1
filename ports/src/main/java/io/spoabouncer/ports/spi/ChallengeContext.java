package io.spoabouncer.ports.spi;

import io.spoabouncer.ports.in.ChallengeRelay;
import io.spoabouncer.ports.out.AgentMetrics;

/** What the host hands the challenge listener besides its settings; use the services from {@link Component#start()} on. */
public interface ChallengeContext {
    ChallengeRelay relay();

    AgentMetrics metrics();
}
