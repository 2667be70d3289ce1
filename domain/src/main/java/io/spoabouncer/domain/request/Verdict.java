package io.spoabouncer.domain.request;

import io.spoabouncer.domain.decision.CountryCode;
import io.spoabouncer.domain.decision.DecisionTag;
import io.spoabouncer.domain.decision.Remediation;
import java.util.Arrays;

/** The answer for one request, as a pooled mutable value the transport encodes into variables. */
public final class Verdict {
    private Remediation remediation = Remediation.ALLOW;
    private DecisionTag decision;
    private int country = CountryCode.NONE;
    /** One slot per {@link TxnVar}; null = not set. */
    private final String[] vars = new String[TxnVar.ALL.length];
    private boolean redirect;

    public Verdict reset() {
        remediation = Remediation.ALLOW;
        decision = null;
        country = CountryCode.NONE;
        Arrays.fill(vars, null);
        redirect = false;
        return this;
    }

    /** A copy that outlives the pooled original (for an answer completed later). */
    public Verdict copy() {
        Verdict v = new Verdict();
        v.remediation = remediation;
        v.decision = decision;
        v.country = country;
        System.arraycopy(vars, 0, v.vars, 0, vars.length);
        v.redirect = redirect;
        return v;
    }

    /** The value of {@code txn.crowdsec.<var>}, or null when the verdict does not set it. */
    public String get(TxnVar var) {
        return vars[var.ordinal()];
    }

    /** Sets (or, with null, unsets) {@code txn.crowdsec.<var>}. */
    public void set(TxnVar var, String value) {
        vars[var.ordinal()] = value;
    }

    /** The captcha widget's variables, from one call. */
    public void setCaptchaWidget(String siteKey, String frontendKey, String frontendJs) {
        set(TxnVar.CAPTCHA_SITE_KEY, siteKey);
        set(TxnVar.CAPTCHA_FRONTEND_KEY, frontendKey);
        set(TxnVar.CAPTCHA_FRONTEND_JS, frontendJs);
    }

    /** The captcha was just solved: HAProxy redirects to the URL asked for. */
    public boolean redirect() { return redirect; }

    public void setRedirect(boolean redirect) { this.redirect = redirect; }

    /** allow, ban, captcha or unknown: what {@code txn.crowdsec.remediation} is set to. */
    public Remediation remediation() { return remediation; }
    /** The decision that decided, or null when none did. */
    public DecisionTag decision() { return decision; }
    /** The client's country (packed ISO code), or {@link CountryCode#NONE}. */
    public int country() { return country; }

    public void decide(Remediation remediation, DecisionTag decision) {
        this.remediation = remediation;
        this.decision = decision;
    }

    public void setCountry(int country) { this.country = country; }
}
