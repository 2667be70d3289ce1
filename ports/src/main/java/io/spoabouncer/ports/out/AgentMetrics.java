package io.spoabouncer.ports.out;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionTag;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.request.RequestKind;

/**
 * What the agent reports. Every method is called on hot paths: implementations bind their meters
 * once and must not allocate per call. Tags come from closed sets (never an address or an id).
 * No method has a default: an implementation (or a decorator) that misses a new metric does not compile.
 */
public interface AgentMetrics {
    /** Reports nowhere. */
    AgentMetrics NOOP = new NoopAgentMetrics();

    void connectionOpened();

    void connectionClosed();

    void handshake(boolean healthCheck);

    /** A connection was refused at accept: more than the configured maximum were open. */
    void connectionRefused();

    /** A connection was closed for sending nothing: no HELLO in time ({@code handshake}), or idle too long. */
    void connectionTimedOut(boolean handshake);

    /** What became of an AppSec challenge or of a request on the challenge listener. */
    enum ChallengeOutcome {
        /** AppSec challenged an SPOE request and HAProxy was given its challenge URL. */
        ISSUED,
        /** AppSec challenged but no challenge listener is configured: enforced as a ban. */
        BANNED_NO_LISTENER,
        /** The listener served a challenge answer (the page, an asset). */
        SERVED,
        /** AppSec let a relayed request pass (a proof accepted). */
        PASSED,
        /** Refused without asking AppSec: no live token, another client, or banned since. */
        REFUSED,
        /** AppSec blocked a relayed request. */
        BLOCKED,
        /** AppSec could not answer a relayed request. */
        FAILED
    }

    void challenge(ChallengeOutcome outcome);

    /** A connection stopped being read: its peer does not read its ACKs, or too many of its NOTIFYs wait. */
    void readPaused();

    /** A frame of this SPOP type (1, 2, 3, ... or anything unknown) arrived. */
    void frameReceived(int type);

    void frameSent(int type);

    /** An AGENT-DISCONNECT with this status went out. */
    void disconnectSent(int status);

    /** A HAPROXY-DISCONNECT with this status arrived. */
    void disconnectReceived(int status);

    /**
     * A request was judged. {@code connectionChecked}: an earlier message of the same transaction already
     * judged this client (the HTTP message carried the connection check's remediation). {@code decision}
     * is the deciding decision, or null.
     */
    void requestProcessed(RequestKind kind, boolean connectionChecked, Remediation remediation, boolean ipv4, DecisionTag decision);

    /** A header block or body was over its bound and dropped from the request. */
    void argumentTooLarge();

    /** A source could not write its snapshot on disk (the decisions held are still enforced). */
    default void snapshotFailed(String source) {
    }

    /** The machine's clock was stepped (decisions expire by elapsed time regardless). */
    default void clockStepped() {
    }

    /** Judging one request threw (a bug): that request got no verdict, the connection and its other requests went on. */
    default void requestFailed() {
    }

    /** A decision source tried to update: a LAPI pull, a file read, a list download. */
    void sourcePulled(String source, boolean success);

    /** Time of one decision lookup (address, ranges, country, AS). */
    void lookupDuration(long nanos);

    /** Time of one captcha provider verification (the round trip, or until the timeout). */
    void captchaValidation(long nanos);

    /** Time of one country lookup. */
    void geoLookupDuration(long nanos);

    /** Time from a NOTIFY's arrival to its ACK being written. */
    void notifyLatency(long nanos);

    void decisionsApplied(String source, int added, int removed);

    void decisionsRejected(String source, int count);
}
