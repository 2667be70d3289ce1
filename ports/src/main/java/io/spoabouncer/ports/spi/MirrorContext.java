package io.spoabouncer.ports.spi;

import io.spoabouncer.ports.out.DecisionView;
import io.spoabouncer.ports.out.GeoLocator;
import io.spoabouncer.ports.out.HostPolicies;

/**
 * What the host hands a decision mirror (e.g. HAProxy's maps): the decisions, read only, the geo databases,
 * and the per-host policies in force (their captcha signing keys).
 */
public interface MirrorContext {
    DecisionView decisions();

    /** Where Country and AS decisions are, as address ranges ({@link GeoLocator#NONE} without databases). */
    GeoLocator geo();

    /** The hosts' policies as a reload leaves them ({@link HostPolicies#NONE} from a host that has none). */
    default HostPolicies hosts() {
        return HostPolicies.NONE;
    }
}
