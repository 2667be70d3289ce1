package io.spoabouncer.domain.decision;

/**
 * Parses Go's {@code time.Duration} strings as CrowdSec prints them ("3h59m58.123456789s", "-1.5s",
 * "150ms", "0s"), to milliseconds (truncated toward zero). The grammar and arithmetic are Go's
 * {@code time.ParseDuration}: integer nanoseconds, a fraction scaled in floating point, an error past
 * int64 nanoseconds (292 years). A startup answer holds a million of these: no substrings, no doubles
 * for the integer part.
 */
public final class GoDuration {
    private static final long NS = 1, US = 1_000, MS = 1_000_000, S = 1_000_000_000, M = 60 * S, H = 60 * M;

    private GoDuration() {
    }

    public static long toMillis(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing duration");
        }
        int i = 0;
        int end = text.length();
        while (i < end && text.charAt(i) <= ' ') {
            i++;
        }
        while (end > i && text.charAt(end - 1) <= ' ') {
            end--;
        }
        if (i == end) {
            throw new IllegalArgumentException("empty duration");
        }
        boolean negative = false;
        char sign = text.charAt(i);
        if (sign == '-' || sign == '+') {
            negative = sign == '-';
            i++;
        }
        if (end - i == 1 && text.charAt(i) == '0') {
            return 0;
        }
        if (i == end) {
            throw bad(text);
        }
        long nanos;
        try {
            nanos = nanos(text, i, end);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("invalid duration '" + text + "' (longer than Go's 292 years)");
        }
        long millis = nanos / MS;
        return negative ? -millis : millis;
    }

    private static long nanos(String text, int i, int end) {
        long nanos = 0;
        while (i < end) {
            long whole = 0;
            int digits = 0;
            while (i < end && isDigit(text.charAt(i))) {
                whole = Math.addExact(Math.multiplyExact(whole, 10), text.charAt(i++) - '0');
                digits++;
            }
            long fraction = 0;
            double scale = 1;
            if (i < end && text.charAt(i) == '.') {
                i++;
                while (i < end && isDigit(text.charAt(i))) {
                    if (scale < 1e18) { // digits past 18 cannot change a nanosecond count
                        fraction = fraction * 10 + (text.charAt(i) - '0');
                        scale *= 10;
                    }
                    i++;
                    digits++;
                }
            }
            if (digits == 0) {
                throw bad(text);
            }
            int unitStart = i;
            while (i < end && !isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                i++;
            }
            long unit = unit(text, unitStart, i);
            long part = Math.multiplyExact(whole, unit);
            if (fraction > 0) {
                part = Math.addExact(part, (long) (fraction * (unit / scale)));
            }
            nanos = Math.addExact(nanos, part);
        }
        return nanos;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static long unit(String text, int from, int to) {
        int n = to - from;
        char a = n > 0 ? text.charAt(from) : 0;
        if (n == 1) {
            switch (a) {
                case 's': return S;
                case 'm': return M;
                case 'h': return H;
                default: break;
            }
        } else if (n == 2 && text.charAt(from + 1) == 's') {
            switch (a) {
                case 'n': return NS;
                case 'u': case '\u00b5': case '\u03bc': return US;
                case 'm': return MS;
                default: break;
            }
        }
        throw bad(text);
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("invalid duration '" + text + "' (expected a Go duration such as 4h0m0s)");
    }
}
