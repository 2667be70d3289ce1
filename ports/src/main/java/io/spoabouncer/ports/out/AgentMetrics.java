package io.spoabouncer.ports.out;

import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.request.RequestKind;

/**
 * What the agent reports. Every method is called on hot paths: implementations bind their meters
 * once and must not allocate per call. Tags come from closed sets (never an address or an id).
 */
public interface AgentMetrics {
    AgentMetrics NOOP = new AgentMetrics() {
    };

    default void connectionOpened() {
    }

    default void connectionClosed() {
    }

    default void handshake(boolean healthCheck) {
    }

    /** A frame of this SPOP type (1, 2, 3, ... or anything unknown) arrived. */
    default void frameReceived(int type) {
    }

    default void frameSent(int type) {
    }

    /** An AGENT-DISCONNECT with this status went out. */
    default void disconnectSent(int status) {
    }

    /** A HAPROXY-DISCONNECT with this status arrived. */
    default void disconnectReceived(int status) {
    }

    /** A request was judged. {@code origin} is the deciding decision's origin, or null. */
    default void requestProcessed(RequestKind kind, Remediation remediation, boolean ipv4, String origin) {
    }

    /** Time from a NOTIFY's arrival to its ACK being written. */
    default void notifyLatency(long nanos) {
    }

    default void decisionsApplied(String source, int added, int removed) {
    }

    default void decisionsRejected(String source, int count) {
    }
}
