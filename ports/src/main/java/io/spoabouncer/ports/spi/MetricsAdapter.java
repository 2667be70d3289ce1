package io.spoabouncer.ports.spi;

import io.spoabouncer.ports.out.AgentMetrics;

/** A metrics back end: what the request path reports to, and whatever it serves (an endpoint) as a component. */
public interface MetricsAdapter extends Component {
    /** {@link AgentMetrics#NOOP} when the back end is switched off. */
    AgentMetrics metrics();
}
