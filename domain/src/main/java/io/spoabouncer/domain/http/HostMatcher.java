package io.spoabouncer.domain.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the host policy for a Host header: exact names before wildcards, longer patterns first, {@code *}
 * as catch-all. Patterns are globs ({@code *} any run of characters, {@code ?} one), compared without
 * case; the Host header's port is ignored. Matching works on the header's bytes and allocates nothing.
 */
public final class HostMatcher {
    public static final HostMatcher NONE = new HostMatcher(List.of());

    private final HostPolicy[] policies;
    private final byte[][] patterns;

    public HostMatcher(List<HostPolicy> hosts) {
        policies = inMatchOrder(hosts).toArray(new HostPolicy[0]);
        patterns = new byte[policies.length][];
        for (int i = 0; i < policies.length; i++) {
            patterns[i] = policies[i].pattern().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** The hosts in the order they are tried: exact names before wildcards, longer patterns first. */
    public static List<HostPolicy> inMatchOrder(List<HostPolicy> hosts) {
        List<HostPolicy> sorted = new ArrayList<>(hosts);
        sorted.sort(Comparator.comparing((HostPolicy h) -> isWildcard(h.pattern()))
                .thenComparing(Comparator.comparingInt((HostPolicy h) -> h.pattern().length()).reversed()));
        return sorted;
    }

    static boolean isWildcard(String p) {
        return p.indexOf('*') >= 0 || p.indexOf('?') >= 0;
    }

    /** The policy for the host in {@code b[offset, offset+length)}, or null. */
    public HostPolicy match(byte[] b, int offset, int length) {
        int end = offset + length;
        // Drop the port (host:port, [v6]:port).
        for (int i = end - 1; i > offset; i--) {
            byte c = b[i];
            if (c == ':') {
                if (b[offset] != '[' || b[i - 1] == ']') {
                    end = i;
                }
                break;
            }
            if (c < '0' || c > '9') {
                break;
            }
        }
        for (int i = 0; i < patterns.length; i++) {
            if (glob(patterns[i], 0, b, offset, end)) {
                return policies[i];
            }
        }
        return null;
    }

    public HostPolicy match(String host) {
        byte[] b = host.getBytes(StandardCharsets.US_ASCII);
        return match(b, 0, b.length);
    }

    private static boolean glob(byte[] p, int pi, byte[] s, int si, int end) {
        while (pi < p.length) {
            byte c = p[pi];
            if (c == '*') {
                while (pi < p.length && p[pi] == '*') {
                    pi++;
                }
                if (pi == p.length) {
                    return true;
                }
                for (int k = si; k <= end; k++) {
                    if (glob(p, pi, s, k, end)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= end) {
                return false;
            }
            byte sc = s[si];
            if (sc >= 'A' && sc <= 'Z') {
                sc += 32;
            }
            if (c != '?' && c != sc) {
                return false;
            }
            pi++;
            si++;
        }
        return si == end;
    }
}
