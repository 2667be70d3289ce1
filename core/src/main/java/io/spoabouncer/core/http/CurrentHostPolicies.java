package io.spoabouncer.core.http;

import io.spoabouncer.domain.http.HostPolicy;
import io.spoabouncer.ports.out.HostPolicies;
import java.util.List;

/** The host policies in force: set at start, replaced whole by a reload, read by whoever mirrors them. */
public final class CurrentHostPolicies implements HostPolicies {
    private volatile List<HostPolicy> hosts;

    public CurrentHostPolicies(List<HostPolicy> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    public void replace(List<HostPolicy> next) {
        hosts = List.copyOf(next);
    }

    @Override
    public List<HostPolicy> current() {
        return hosts;
    }
}
