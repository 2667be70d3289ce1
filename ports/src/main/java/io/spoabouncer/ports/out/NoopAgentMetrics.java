package io.spoabouncer.ports.out;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionTag;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.request.RequestKind;

/** Metrics that go nowhere ({@link AgentMetrics#NOOP}); tests extend it to record the calls they look at. */
public class NoopAgentMetrics implements AgentMetrics {
    @Override
    public void connectionOpened() {
    }

    @Override
    public void connectionClosed() {
    }

    @Override
    public void handshake(boolean healthCheck) {
    }

    @Override
    public void connectionRefused() {
    }

    @Override
    public void connectionTimedOut(boolean handshake) {
    }

    @Override
    public void readPaused() {
    }

    @Override
    public void challenge(ChallengeOutcome outcome) {
    }

    @Override
    public void frameReceived(int type) {
    }

    @Override
    public void frameSent(int type) {
    }

    @Override
    public void disconnectSent(int status) {
    }

    @Override
    public void disconnectReceived(int status) {
    }

    @Override
    public void requestProcessed(RequestKind kind, boolean connectionChecked, Remediation remediation, boolean ipv4, DecisionTag decision) {
    }

    @Override
    public void argumentTooLarge() {
    }

    @Override
    public void sourcePulled(String source, boolean success) {
    }

    @Override
    public void lookupDuration(long nanos) {
    }

    @Override
    public void captchaValidation(long nanos) {
    }

    @Override
    public void geoLookupDuration(long nanos) {
    }

    @Override
    public void notifyLatency(long nanos) {
    }

    @Override
    public void decisionsApplied(String source, int added, int removed) {
    }

    @Override
    public void decisionsRejected(String source, int count) {
    }
}
