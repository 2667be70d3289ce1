package io.spoabouncer.domain.ip;

/**
 * A CIDR network in the 128-bit key space of {@link IpAddress}; host bits are always cleared.
 * An IPv4 /n is stored as the mapped /(96+n), so one range table serves both families.
 */
public record IpNetwork(long hi, long lo, int prefixLength) {
    public IpNetwork {
        if (prefixLength < 0 || prefixLength > 128) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " (expected: 0..128)");
        }
        hi &= maskHi(prefixLength);
        lo &= maskLo(prefixLength);
    }

    public static long maskHi(int prefixLength) {
        return prefixLength >= 64 ? -1L : prefixLength == 0 ? 0L : -1L << (64 - prefixLength);
    }

    public static long maskLo(int prefixLength) {
        return prefixLength <= 64 ? 0L : prefixLength == 128 ? -1L : -1L << (128 - prefixLength);
    }

    /**
     * The fewest CIDR networks that together are exactly the addresses {@code first..last} (inclusive,
     * unsigned 128-bit), in ascending order: how a range of addresses becomes map keys.
     */
    public static void cover(long firstHi, long firstLo, long lastHi, long lastLo, java.util.function.Consumer<IpNetwork> out) {
        if (AddressSegments.compare(firstHi, firstLo, lastHi, lastLo) > 0) {
            return;
        }
        long hi = firstHi;
        long lo = firstLo;
        while (true) {
            // The largest block aligned at the start that does not pass the end.
            int hostBits = lo != 0 ? Long.numberOfTrailingZeros(lo) : hi != 0 ? 64 + Long.numberOfTrailingZeros(hi) : 128;
            long endHi;
            long endLo;
            while (true) {
                endHi = hi | ~maskHi(128 - hostBits);
                endLo = lo | ~maskLo(128 - hostBits);
                if (AddressSegments.compare(endHi, endLo, lastHi, lastLo) <= 0) {
                    break;
                }
                hostBits--;
            }
            out.accept(new IpNetwork(hi, lo, 128 - hostBits));
            if (endHi == lastHi && endLo == lastLo) {
                return;
            }
            lo = endLo + 1;
            hi = lo == 0 ? endHi + 1 : endHi;
        }
    }

    /** Parses {@code a.b.c.d/n}, {@code x::y/n}, or a bare address (a /32 or /128). */
    public static IpNetwork parse(CharSequence text) {
        String s = text.toString().trim();
        int slash = s.indexOf('/');
        IpAddress address = IpAddress.parse(slash < 0 ? s : s.substring(0, slash));
        boolean v4Syntax = s.indexOf(':') < 0;
        int bits = v4Syntax ? 32 : 128;
        int prefix = bits;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("invalid CIDR '" + s + "': bad prefix length");
            }
            prefix = Integer.parseInt(p);
            if (prefix > bits) {
                throw new IllegalArgumentException("invalid CIDR '" + s + "': prefix length " + prefix + " (expected: <= " + bits + ")");
            }
        }
        return new IpNetwork(address.hi(), address.lo(), v4Syntax ? 96 + prefix : prefix);
    }

    public boolean isV4() {
        return prefixLength >= 96 && IpAddress.isV4(hi, lo);
    }

    public boolean isSingleAddress() {
        return prefixLength == 128;
    }

    public boolean contains(long addrHi, long addrLo) {
        return (addrHi & maskHi(prefixLength)) == hi && (addrLo & maskLo(prefixLength)) == lo;
    }

    @Override
    public String toString() {
        String address = IpAddress.format(hi, lo);
        return isV4() ? address + "/" + (prefixLength - 96) : address + "/" + prefixLength;
    }
}
