package io.spoabouncer.domain.decision;

/** ISO 3166 alpha-2 codes packed into an int (two ASCII upper-case letters), 0 meaning none. */
public final class CountryCode {
    public static final int NONE = 0;

    private CountryCode() {
    }

    public static int parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.length() != 2 || !Character.isLetter(s.charAt(0)) || !Character.isLetter(s.charAt(1))
                || s.charAt(0) > 127 || s.charAt(1) > 127) {
            throw new IllegalArgumentException("invalid country code '" + text + "' (expected: two letters, ISO 3166 alpha-2)");
        }
        return pack(Character.toUpperCase(s.charAt(0)), Character.toUpperCase(s.charAt(1)));
    }

    public static int pack(char a, char b) {
        return (a << 8) | b;
    }

    public static String format(int code) {
        return code == NONE ? "" : new String(new char[] {(char) (code >>> 8), (char) (code & 0xff)});
    }
}
