package io.spoabouncer.domain.request;

/** Which SPOE message carried the request: the connection check or one of the HTTP messages. */
public enum RequestKind {
    /** {@code crowdsec-tcp} (and the legacy {@code crowdsec-ip}): an IP at session start. */
    CONNECTION,
    /** {@code crowdsec-http-body}, {@code crowdsec-http-no-body} (and the legacy {@code crowdsec-http}). */
    HTTP
}
