package io.spoabouncer.ports.out;

import java.util.List;

/**
 * An HTTP request relayed to AppSec as it arrived at the challenge listener (not through SPOE).
 *
 * @param uri path and query, as AppSec should see them
 * @param headers name/value pairs in arrival order (forwarding headers already removed)
 * @param clientIp the visitor's address, as HAProxy vouched for it
 */
public record RelayedRequest(String method, String uri, String host, String httpVersion, List<String[]> headers, byte[] body,
                             String clientIp) {
}
