package io.spoabouncer.domain.request;

/**
 * The string variables a verdict may set for HAProxy, {@code txn.crowdsec.<name>} with the Go bouncer's
 * names. Adding one is one constant here: the verdict holds a slot for it and the transport pre-encodes
 * its name (register it in the SPOE file's {@code register-var-names} too).
 */
public enum TxnVar {
    /** The ban page's contact link, for a ban on a configured host. */
    CONTACT_US_URL("contact_us_url"),
    CAPTCHA_SITE_KEY("captcha_site_key"),
    /** The widget's CSS class and form field prefix. */
    CAPTCHA_FRONTEND_KEY("captcha_frontend_key"),
    CAPTCHA_FRONTEND_JS("captcha_frontend_js"),
    /** pending or valid; unset outside the captcha flow. */
    CAPTCHA_STATUS("captcha_status"),
    /** A complete Set-Cookie value for HAProxy to send. */
    CAPTCHA_COOKIE("captcha_cookie"),
    /** The proof-of-work challenge the page solves (provider pow). */
    CAPTCHA_CHALLENGE("captcha_challenge"),
    /** Where HAProxy sends a request AppSec challenged (set-path, then the challenge backend). */
    CHALLENGE_URL("challenge_url");

    /** values(), once (values() copies the array on every call). */
    public static final TxnVar[] ALL = values();

    private final String haproxyName;

    TxnVar(String haproxyName) {
        this.haproxyName = haproxyName;
    }

    /** The name after {@code txn.crowdsec.}. */
    public String haproxyName() {
        return haproxyName;
    }
}
