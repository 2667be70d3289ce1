package io.spoabouncer.domain.ip;

/**
 * An IP address as a 128-bit key: IPv4 is held IPv4-mapped ({@code ::ffff:a.b.c.d}), so IPv4 and its
 * mapped IPv6 spelling are one key and one table serves both families.
 */
public record IpAddress(long hi, long lo) {
    /** The upper 96 bits of every IPv4-mapped address, as the low word's high half. */
    public static final long V4_MAPPED_PREFIX = 0x0000_ffff_0000_0000L;

    public static IpAddress ofV4(int v4) {
        return new IpAddress(0, v4MappedLow(v4));
    }

    public static long v4MappedLow(int v4) {
        return V4_MAPPED_PREFIX | (v4 & 0xffff_ffffL);
    }

    public static boolean isV4(long hi, long lo) {
        return hi == 0 && (lo & 0xffff_ffff_0000_0000L) == V4_MAPPED_PREFIX;
    }

    public boolean isV4() {
        return isV4(hi, lo);
    }

    /** Parses a dotted IPv4 or any textual IPv6 form; throws {@link IllegalArgumentException} with the reason. */
    public static IpAddress parse(CharSequence text) {
        String s = text.toString().trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty IP address");
        }
        if (s.indexOf(':') < 0) {
            return ofV4(parseV4(s, 0, s.length()));
        }
        return parseV6(s);
    }

    static int parseV4(String s, int from, int to) {
        int value = 0;
        int octets = 0;
        int i = from;
        while (i < to) {
            int start = i;
            int octet = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                octet = octet * 10 + (s.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    throw bad(s, "octet too long");
                }
            }
            if (i == start || octet > 255) {
                throw bad(s, "octet out of range");
            }
            value = (value << 8) | octet;
            octets++;
            if (i < to) {
                if (s.charAt(i) != '.' || octets == 4) {
                    throw bad(s, "unexpected character '" + s.charAt(i) + "'");
                }
                i++;
                if (i == to) {
                    throw bad(s, "trailing dot");
                }
            }
        }
        if (octets != 4) {
            throw bad(s, "expected 4 octets");
        }
        return value;
    }

    private static IpAddress parseV6(String s) {
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        int[] groups = new int[8];
        int count = 0;
        int doubleColonAt = -1;
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            doubleColonAt = 0;
            i = 2;
        } else if (s.startsWith(":")) {
            throw bad(s, "leading single colon");
        }
        while (i < n) {
            if (count == 8) {
                throw bad(s, "too many groups");
            }
            int start = i;
            int group = 0;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
                group = (group << 4) | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                // Embedded IPv4 in the last 32 bits (::ffff:1.2.3.4, 64:ff9b::1.2.3.4).
                if (count > 6) {
                    throw bad(s, "embedded IPv4 too late");
                }
                int v4 = parseV4(s, start, n);
                groups[count++] = v4 >>> 16;
                groups[count++] = v4 & 0xffff;
                i = n;
                break;
            }
            if (i == start || i - start > 4) {
                throw bad(s, "bad group");
            }
            groups[count++] = group;
            if (i < n) {
                if (s.charAt(i) != ':') {
                    throw bad(s, "unexpected character '" + s.charAt(i) + "'");
                }
                i++;
                if (i < n && s.charAt(i) == ':') {
                    if (doubleColonAt >= 0) {
                        throw bad(s, "more than one '::'");
                    }
                    doubleColonAt = count;
                    i++;
                } else if (i == n) {
                    throw bad(s, "trailing colon");
                }
            }
        }
        if (doubleColonAt >= 0) {
            if (count == 8) {
                throw bad(s, "'::' with 8 groups");
            }
            int missing = 8 - count;
            System.arraycopy(groups, doubleColonAt, groups, doubleColonAt + missing, count - doubleColonAt);
            for (int k = doubleColonAt; k < doubleColonAt + missing; k++) {
                groups[k] = 0;
            }
        } else if (count != 8) {
            throw bad(s, "expected 8 groups");
        }
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 4; k++) {
            hi = (hi << 16) | groups[k];
            lo = (lo << 16) | groups[k + 4];
        }
        return new IpAddress(hi, lo);
    }

    private static IllegalArgumentException bad(String s, String why) {
        return new IllegalArgumentException("invalid IP address '" + s + "': " + why);
    }

    @Override
    public String toString() {
        return format(hi, lo);
    }

    /** Canonical text: dotted quad for IPv4(-mapped), RFC 5952 lower-case compressed form otherwise. */
    public static String format(long hi, long lo) {
        if (isV4(hi, lo)) {
            int v4 = (int) lo;
            return ((v4 >>> 24) & 0xff) + "." + ((v4 >>> 16) & 0xff) + "." + ((v4 >>> 8) & 0xff) + "." + (v4 & 0xff);
        }
        int[] g = new int[8];
        for (int k = 0; k < 4; k++) {
            g[k] = (int) (hi >>> (48 - 16 * k)) & 0xffff;
            g[k + 4] = (int) (lo >>> (48 - 16 * k)) & 0xffff;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (g[k] == 0) {
                int start = k;
                while (k < 8 && g[k] == 0) {
                    k++;
                }
                if (k - start > bestLen) {
                    bestStart = start;
                    bestLen = k - start;
                }
            } else {
                k++;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                sb.append("::");
                k += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[k]));
        }
        return sb.toString();
    }
}
