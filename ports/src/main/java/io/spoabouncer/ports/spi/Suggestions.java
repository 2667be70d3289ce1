package io.spoabouncer.ports.spi;

import java.util.Collection;

/** "Did you mean ...?" for configuration values and keys: the nearest candidate by edit distance, if it is close. */
public final class Suggestions {
    private Suggestions() {
    }

    /** "unknown <what> 'x'. Did you mean 'y'? (expected one of: a, b)" */
    public static String unknown(String what, String value, Collection<String> candidates) {
        String near = nearest(value, candidates);
        return "unknown " + what + " '" + value + "'" + (near == null ? "" : ". Did you mean '" + near + "'?")
                + " (expected one of: " + String.join(", ", candidates) + ")";
    }

    /** The candidate with the smallest edit distance, if it is close enough to be a typo; else null. */
    public static String nearest(String value, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(value, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        int leaf = value.length() - value.lastIndexOf('.') - 1;
        return bestDistance <= Math.max(2, leaf / 3) ? best : null;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
