package io.spoabouncer.domain.request;

import io.spoabouncer.domain.decision.CountryCode;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.Remediation;

/** The answer for one request, as a pooled mutable value the transport encodes into variables. */
public final class Verdict {
    private Remediation remediation = Remediation.ALLOW;
    private Decision decision;
    private int country = CountryCode.NONE;

    public Verdict reset() {
        remediation = Remediation.ALLOW;
        decision = null;
        country = CountryCode.NONE;
        return this;
    }

    /** allow, ban, captcha or unknown: what {@code txn.crowdsec.remediation} is set to. */
    public Remediation remediation() { return remediation; }
    /** The decision that decided, or null when none did. */
    public Decision decision() { return decision; }
    /** The client's country (packed ISO code), or {@link CountryCode#NONE}. */
    public int country() { return country; }

    public void decide(Remediation remediation, Decision decision) {
        this.remediation = remediation;
        this.decision = decision;
    }

    public void setCountry(int country) { this.country = country; }
}
