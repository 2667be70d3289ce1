package io.spoabouncer.adapter.haproxymaps;

import io.spoabouncer.domain.http.HostMatcher;
import io.spoabouncer.domain.http.HostPolicy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The map HAProxy reads a host's captcha signing key from, so that it can check a captcha cookie itself
 * ({@code jwt_verify}) while the agent is late or down. Keys: each host pattern as an anchored regular
 * expression, in the order the agent tries them (exact names, then wildcards, longer first), for HAProxy's
 * {@code map_reg}, which takes the first that matches. Values: the bind-host and bind-ip flags ({@code 1} or
 * {@code 0} each), then the signing key. Hosts without captcha settings have no entry.
 */
final class CaptchaKeyEntries {
    private CaptchaKeyEntries() {
    }

    /** @param unusable told the pattern of each host whose key HAProxy cannot be given (not printable ASCII) */
    static Map<String, String> build(List<HostPolicy> hosts, Consumer<String> unusable) {
        Map<String, String> out = new LinkedHashMap<>();
        for (HostPolicy h : HostMatcher.inMatchOrder(hosts)) {
            if (h.captcha() == null) {
                continue;
            }
            String key = new String(h.captcha().signingKey(), StandardCharsets.UTF_8);
            if (!printable(key)) {
                unusable.accept(h.pattern());
                continue;
            }
            out.put(regex(h.pattern()), (h.captcha().bindHost() ? "1" : "0") + (h.captcha().bindIp() ? "1" : "0") + key);
        }
        return out;
    }

    /** A map value is the rest of its line: no spaces, no control or non-ASCII characters. */
    static boolean printable(String key) {
        return !key.isEmpty() && key.chars().allMatch(c -> c > ' ' && c < 0x7f);
    }

    /** A host glob ({@code *} any run, {@code ?} one character, no case) as an anchored regex on the lower-cased host. */
    static String regex(String glob) {
        StringBuilder b = new StringBuilder("^");
        for (char c : glob.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == '*') {
                b.append(".*");
            } else if (c == '?') {
                b.append('.');
            } else if ("\\.[]{}()^$|+".indexOf(c) >= 0) {
                b.append('\\').append(c); // a regex metacharacter, literal in a host
            } else {
                b.append(c);
            }
        }
        return b.append('$').toString();
    }
}
