package io.spoabouncer.domain.request;

import io.spoabouncer.domain.decision.Remediation;

/**
 * One request to judge, as a pooled mutable value: a transport fills it, the remediation service
 * reads it, and it is reset for the next request. The address is the 128-bit key of
 * {@link io.spoabouncer.domain.ip.IpAddress}; text arguments are {@link ByteView}s.
 */
public final class ClientRequest {
    private RequestKind kind = RequestKind.CONNECTION;
    private boolean hasAddress;
    private long addressHi;
    private long addressLo;
    private int port = -1;
    /** The remediation an earlier message left in {@code txn.crowdsec.remediation}; null when unset or empty. */
    private Remediation previousRemediation;
    private boolean ssl;
    public final ByteView method = new ByteView(16);
    public final ByteView path = new ByteView(256);
    public final ByteView query = new ByteView(256);
    public final ByteView url = new ByteView(256);
    public final ByteView version = new ByteView(8);
    public final ByteView headers = new ByteView(2048);
    public final ByteView body = new ByteView(256);
    public final ByteView uniqueId = new ByteView(64);
    /** The legacy (bouncer <= 0.2) crowdsec-http message's host and crowdsec_captcha_cookie arguments. */
    public final ByteView legacyHost = new ByteView(64);
    public final ByteView legacyCookie = new ByteView(256);

    public ClientRequest reset(RequestKind newKind) {
        kind = newKind;
        hasAddress = false;
        addressHi = 0;
        addressLo = 0;
        port = -1;
        previousRemediation = null;
        ssl = false;
        method.clear();
        path.clear();
        query.clear();
        url.clear();
        version.clear();
        headers.clear();
        body.clear();
        uniqueId.clear();
        legacyHost.clear();
        legacyCookie.clear();
        return this;
    }

    /** A copy that outlives the pooled original (for a request finished later, e.g. after AppSec). */
    public ClientRequest copy() {
        ClientRequest c = new ClientRequest();
        c.kind = kind;
        c.hasAddress = hasAddress;
        c.addressHi = addressHi;
        c.addressLo = addressLo;
        c.port = port;
        c.previousRemediation = previousRemediation;
        c.ssl = ssl;
        c.method.copyFrom(method);
        c.path.copyFrom(path);
        c.query.copyFrom(query);
        c.url.copyFrom(url);
        c.version.copyFrom(version);
        c.headers.copyFrom(headers);
        c.body.copyFrom(body);
        c.uniqueId.copyFrom(uniqueId);
        c.legacyHost.copyFrom(legacyHost);
        c.legacyCookie.copyFrom(legacyCookie);
        return c;
    }

    public RequestKind kind() { return kind; }
    public boolean hasAddress() { return hasAddress; }
    public long addressHi() { return addressHi; }
    public long addressLo() { return addressLo; }
    public int port() { return port; }
    public Remediation previousRemediation() { return previousRemediation; }
    public boolean ssl() { return ssl; }

    public void setAddress(long hi, long lo) {
        addressHi = hi;
        addressLo = lo;
        hasAddress = true;
    }

    public void setPort(int port) { this.port = port; }
    public void setPreviousRemediation(Remediation r) { previousRemediation = r; }
    public void setSsl(boolean ssl) { this.ssl = ssl; }
}
