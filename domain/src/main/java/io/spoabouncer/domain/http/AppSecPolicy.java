package io.spoabouncer.domain.http;

import io.spoabouncer.domain.decision.Remediation;
import java.net.URI;
import java.time.Duration;

/**
 * Where and how a host's requests are checked by CrowdSec's AppSec component (the WAF): the endpoint,
 * the bouncer key, the deadline, what a failure (401, 5xx, timeout) means (allow or ban), and whether
 * requests that already carry a captcha are sent too.
 */
public record AppSecPolicy(URI url, String apiKey, Duration timeout, Remediation failureAction, boolean alwaysSend) {
}
