package io.spoabouncer.app.wiring;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.request.RequestKind;
import io.spoabouncer.ports.out.AgentMetrics;

/** Reports to the metrics adapter first, then to the usage tally (which only counts requests). */
final class FanOutMetrics implements AgentMetrics {
    private final AgentMetrics main;
    private final AgentMetrics usage;

    FanOutMetrics(AgentMetrics main, AgentMetrics usage) {
        this.main = main;
        this.usage = usage;
    }

    @Override
    public void requestProcessed(RequestKind kind, boolean connectionChecked, Remediation remediation, boolean ipv4, Decision decision) {
        main.requestProcessed(kind, connectionChecked, remediation, ipv4, decision);
        usage.requestProcessed(kind, connectionChecked, remediation, ipv4, decision);
    }

    @Override public void connectionOpened() { main.connectionOpened(); }
    @Override public void connectionClosed() { main.connectionClosed(); }
    @Override public void handshake(boolean healthCheck) { main.handshake(healthCheck); }
    @Override public void frameReceived(int type) { main.frameReceived(type); }
    @Override public void frameSent(int type) { main.frameSent(type); }
    @Override public void disconnectSent(int status) { main.disconnectSent(status); }
    @Override public void disconnectReceived(int status) { main.disconnectReceived(status); }
    @Override public void argumentTooLarge() { main.argumentTooLarge(); }
    @Override public void sourcePulled(String source, boolean success) { main.sourcePulled(source, success); }
    @Override public void lookupDuration(long nanos) { main.lookupDuration(nanos); }
    @Override public void geoLookupDuration(long nanos) { main.geoLookupDuration(nanos); }
    @Override public void captchaValidation(long nanos) { main.captchaValidation(nanos); }
    @Override public void notifyLatency(long nanos) { main.notifyLatency(nanos); }
    @Override public void decisionsApplied(String source, int added, int removed) { main.decisionsApplied(source, added, removed); }
    @Override public void decisionsRejected(String source, int count) { main.decisionsRejected(source, count); }
}
