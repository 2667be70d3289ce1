package io.spoabouncer.domain.request;

import io.spoabouncer.domain.decision.CountryCode;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.Remediation;

/** The answer for one request, as a pooled mutable value the transport encodes into variables. */
public final class Verdict {
    private Remediation remediation = Remediation.ALLOW;
    private Decision decision;
    private int country = CountryCode.NONE;
    private String contactUsUrl;
    private String captchaSiteKey;
    private String captchaFrontendKey;
    private String captchaFrontendJs;
    private String captchaStatus;
    private String captchaCookie;
    private String captchaChallenge;
    private boolean redirect;

    public Verdict reset() {
        remediation = Remediation.ALLOW;
        decision = null;
        country = CountryCode.NONE;
        contactUsUrl = null;
        captchaSiteKey = null;
        captchaFrontendKey = null;
        captchaFrontendJs = null;
        captchaStatus = null;
        captchaCookie = null;
        captchaChallenge = null;
        redirect = false;
        return this;
    }

    /** A copy that outlives the pooled original (for an answer completed later). */
    public Verdict copy() {
        Verdict v = new Verdict();
        v.remediation = remediation;
        v.decision = decision;
        v.country = country;
        v.contactUsUrl = contactUsUrl;
        v.captchaSiteKey = captchaSiteKey;
        v.captchaFrontendKey = captchaFrontendKey;
        v.captchaFrontendJs = captchaFrontendJs;
        v.captchaStatus = captchaStatus;
        v.captchaCookie = captchaCookie;
        v.captchaChallenge = captchaChallenge;
        v.redirect = redirect;
        return v;
    }

    /** txn.crowdsec.contact_us_url: set for a ban on a configured host. */
    public String contactUsUrl() { return contactUsUrl; }
    public String captchaSiteKey() { return captchaSiteKey; }
    public String captchaFrontendKey() { return captchaFrontendKey; }
    public String captchaFrontendJs() { return captchaFrontendJs; }
    /** pending or valid; null outside the captcha flow. */
    public String captchaStatus() { return captchaStatus; }
    /** A complete Set-Cookie value for HAProxy to send, or null. */
    public String captchaCookie() { return captchaCookie; }
    /** The proof-of-work challenge the page solves (provider pow), or null. */
    public String captchaChallenge() { return captchaChallenge; }
    /** The captcha was just solved: HAProxy redirects to the URL asked for. */
    public boolean redirect() { return redirect; }

    public void setContactUsUrl(String url) { contactUsUrl = url; }

    public void setCaptchaWidget(String siteKey, String frontendKey, String frontendJs) {
        captchaSiteKey = siteKey;
        captchaFrontendKey = frontendKey;
        captchaFrontendJs = frontendJs;
    }

    public void setCaptchaStatus(String status) { captchaStatus = status; }
    public void setCaptchaCookie(String setCookie) { captchaCookie = setCookie; }
    public void setCaptchaChallenge(String challenge) { captchaChallenge = challenge; }
    public void setRedirect(boolean redirect) { this.redirect = redirect; }

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
