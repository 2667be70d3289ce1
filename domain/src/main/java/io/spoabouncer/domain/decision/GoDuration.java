package io.spoabouncer.domain.decision;

/**
 * Parses Go's {@code time.Duration} strings as CrowdSec prints them ("3h59m58.123456789s", "-1.5s",
 * "150ms", "0s"), to milliseconds (truncated toward zero).
 */
public final class GoDuration {
    private GoDuration() {
    }

    public static long toMillis(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing duration");
        }
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        boolean negative = false;
        int i = 0;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (s.substring(i).equals("0")) {
            return 0;
        }
        double totalNanos = 0;
        boolean any = false;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw bad(text);
            }
            double number;
            try {
                number = Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw bad(text);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            totalNanos += number * unitNanos(s.substring(unitStart, i), text);
            any = true;
        }
        if (!any) {
            throw bad(text);
        }
        long millis = (long) (totalNanos / 1_000_000d);
        return negative ? -millis : millis;
    }

    private static double unitNanos(String unit, String text) {
        switch (unit) {
            case "ns": return 1;
            case "us": case "µs": case "μs": return 1e3;
            case "ms": return 1e6;
            case "s": return 1e9;
            case "m": return 60e9;
            case "h": return 3600e9;
            default: throw bad(text);
        }
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("invalid duration '" + text + "' (expected a Go duration such as 4h0m0s)");
    }
}
