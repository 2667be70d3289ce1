package io.spoabouncer.decisions.json;

import java.util.Arrays;

/**
 * The same few strings read a million times (scopes, types, origins, scenarios): one instance each, taken
 * from the parser's own character buffer without allocating, in a small direct-mapped cache. A string longer
 * than {@link #MAX_LENGTH} or one that evicts another is built as usual: the cache only saves work.
 * One per reader (not thread-safe).
 */
final class RepeatedText {
    static final int MAX_LENGTH = 96;
    private static final int SLOTS = 256;
    private final String[] strings = new String[SLOTS];
    private final char[][] chars = new char[SLOTS][];

    String of(char[] buf, int off, int len) {
        if (len > MAX_LENGTH) {
            return new String(buf, off, len);
        }
        int h = 0;
        for (int i = off, end = off + len; i < end; i++) {
            h = 31 * h + buf[i];
        }
        int slot = (h ^ h >>> 8 ^ h >>> 16) & (SLOTS - 1);
        char[] c = chars[slot];
        if (c != null && Arrays.equals(c, 0, c.length, buf, off, off + len)) {
            return strings[slot];
        }
        String s = new String(buf, off, len);
        strings[slot] = s;
        chars[slot] = s.toCharArray();
        return s;
    }
}
