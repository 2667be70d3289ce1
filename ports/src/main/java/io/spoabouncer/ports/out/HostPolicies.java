package io.spoabouncer.ports.out;

import io.spoabouncer.domain.http.HostPolicy;
import java.util.List;

/**
 * The per-host policies in force (a reload replaces them): what a mirror needs to let HAProxy check a
 * captcha cookie itself, with the host's signing key and bindings.
 */
public interface HostPolicies {
    HostPolicies NONE = List::of;

    /** The hosts as configured now, in no particular order. */
    List<HostPolicy> current();
}
