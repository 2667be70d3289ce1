package io.spoabouncer.domain.http;

import io.spoabouncer.domain.request.ByteView;

/**
 * Reads HAProxy's {@code req.hdrs} block ("name: value\r\n" lines) in place: the few headers the agent
 * needs are found without turning the block into Strings. Results are packed as
 * {@code offset << 32 | length} into the view's bytes, or -1 when absent. Names compare case-insensitively.
 */
public final class HeaderBlock {
    public static final long ABSENT = -1;

    private HeaderBlock() {
    }

    public static int offset(long packed) {
        return (int) (packed >>> 32);
    }

    public static int length(long packed) {
        return (int) packed;
    }

    static long pack(int offset, int length) {
        return ((long) offset << 32) | (length & 0xffffffffL);
    }

    /** The value of the first header with this (lower-case ASCII) name, trimmed. */
    public static long find(ByteView block, byte[] lowerName) {
        return findFrom(block, lowerName, 0);
    }

    private static long findFrom(ByteView block, byte[] lowerName, int from) {
        byte[] b = block.array();
        int n = block.length();
        int line = from;
        while (line < n) {
            int end = line;
            while (end < n && b[end] != '\n') {
                end++;
            }
            int lineEnd = end > line && b[end - 1] == '\r' ? end - 1 : end;
            if (lineEnd - line > lowerName.length && b[line + lowerName.length] == ':' && nameEquals(b, line, lowerName)) {
                int v = line + lowerName.length + 1;
                while (v < lineEnd && (b[v] == ' ' || b[v] == '\t')) {
                    v++;
                }
                int ve = lineEnd;
                while (ve > v && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
                    ve--;
                }
                return pack(v, ve - v);
            }
            line = end + 1;
        }
        return ABSENT;
    }

    private static boolean nameEquals(byte[] b, int at, byte[] lowerName) {
        for (int i = 0; i < lowerName.length; i++) {
            byte c = b[at + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    /** The value of a cookie in any Cookie header: {@code name=value} pairs separated by ';'. */
    public static long cookie(ByteView block, byte[] lowerCookieHeader, byte[] cookieName) {
        byte[] b = block.array();
        int from = 0;
        while (true) {
            long header = findFrom(block, lowerCookieHeader, from);
            if (header == ABSENT) {
                return ABSENT;
            }
            int start = offset(header);
            int end = start + length(header);
            long found = pair(b, start, end, cookieName, (byte) ';');
            if (found != ABSENT) {
                return found;
            }
            from = end;
        }
    }

    /** A form field's raw (still URL-encoded) value in an application/x-www-form-urlencoded body. */
    public static long formField(ByteView body, byte[] name) {
        return pair(body.array(), 0, body.length(), name, (byte) '&');
    }

    private static long pair(byte[] b, int start, int end, byte[] name, byte separator) {
        int p = start;
        while (p < end) {
            while (p < end && (b[p] == ' ' || b[p] == separator)) {
                p++;
            }
            int q = p;
            while (q < end && b[q] != separator) {
                q++;
            }
            if (q - p > name.length && b[p + name.length] == '=' && regionEquals(b, p, name)) {
                int v = p + name.length + 1;
                int ve = q;
                while (ve > v && b[ve - 1] == ' ') {
                    ve--;
                }
                return pack(v, ve - v);
            }
            p = q + 1;
        }
        return ABSENT;
    }

    private static boolean regionEquals(byte[] b, int at, byte[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (b[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** True when the region starts with the given lower-case ASCII prefix, ignoring case. */
    public static boolean startsWithIgnoreCase(ByteView view, long packed, byte[] lowerPrefix) {
        if (packed == ABSENT || length(packed) < lowerPrefix.length) {
            return false;
        }
        return nameEquals(view.array(), offset(packed), lowerPrefix);
    }
}
