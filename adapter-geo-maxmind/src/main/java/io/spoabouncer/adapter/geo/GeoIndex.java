package io.spoabouncer.adapter.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.MaxMindDbConstructor;
import com.maxmind.db.MaxMindDbParameter;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import io.spoabouncer.domain.decision.CountryCode;
import io.spoabouncer.domain.ip.AddressSegments;
import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.domain.ip.IpNetwork;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * A MaxMind database flattened at load into address segments with one number each (a packed country
 * code, or an AS number), read with MaxMind's own reader. Lookups then cost one binary search and
 * allocate nothing, where the reader itself would decode a record per request.
 */
final class GeoIndex {
    static final long NONE = -1;

    private final AddressSegments segments;
    private final long[] values;

    private GeoIndex(AddressSegments segments, long[] values) {
        this.segments = segments;
        this.values = values;
    }

    long lookup(long hi, long lo) {
        int i = segments.find(hi, lo);
        return i < 0 ? NONE : values[i];
    }

    int size() {
        return values.length;
    }

    /** Each segment holding {@code value}, first and last address. */
    void forEachRange(long value, io.spoabouncer.ports.out.GeoLocator.RangeSink sink) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] != value) {
                continue;
            }
            long lastHi = -1L;
            long lastLo = -1L;
            if (i + 1 < values.length) {
                lastLo = segments.startLo(i + 1) - 1;
                lastHi = lastLo == -1L ? segments.startHi(i + 1) - 1 : segments.startHi(i + 1);
            }
            sink.range(segments.startHi(i), segments.startLo(i), lastHi, lastLo);
        }
    }

    /** Countries from a GeoLite2/GeoIP2 City or Country database: country, else registered, else represented. */
    static GeoIndex countries(File file) throws IOException {
        return build(file, CountryRecord.class, r -> r.code);
    }

    /** AS numbers from a GeoLite2/GeoIP2 ASN database. */
    static GeoIndex asns(File file) throws IOException {
        return build(file, AsnRecord.class, r -> r.asn);
    }

    private static <T> GeoIndex build(File file, Class<T> type, ToLongFunction<T> value) throws IOException {
        List<long[]> networks = new ArrayList<>();
        try (Reader reader = new Reader(file, Reader.FileMode.MEMORY, new CHMCache(1 << 16))) {
            Networks<T> it;
            try {
                it = reader.networks(false, type);
            } catch (com.maxmind.db.InvalidNetworkException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
            while (it.hasNext()) {
                DatabaseRecord<T> record = it.next();
                T data = record.getData();
                long v = data == null ? NONE : value.applyAsLong(data);
                if (v == NONE) {
                    continue;
                }
                IpNetwork net = toNetwork(record.getNetwork().getNetworkAddress(), record.getNetwork().getPrefixLength());
                networks.add(new long[] {net.hi(), net.lo(), net.prefixLength(), v});
            }
        }
        // The reader walks its tree, where IPv4 sits at ::/96; in our key space it is ::ffff:0:0/96: sort.
        networks.sort((a, b) -> AddressSegments.compare(a[0], a[1], b[0], b[1]));
        int cap = 2 * networks.size() + 1;
        long[] startHi = new long[cap];
        long[] startLo = new long[cap];
        long[] values = new long[cap];
        int n = 0;
        long endHi = 0;
        long endLo = 0;
        boolean open = false; // whether the last segment written ends before the top of the space
        for (long[] net : networks) {
            long hi = net[0];
            long lo = net[1];
            int prefix = (int) net[2];
            if (n > 0 && open && AddressSegments.compare(hi, lo, endHi, endLo) < 0) {
                continue; // overlaps the previous network (a database never should): keep the first answer
            }
            if (n > 0 && open && AddressSegments.compare(hi, lo, endHi, endLo) > 0) {
                startHi[n] = endHi;
                startLo[n] = endLo;
                values[n++] = NONE;
            }
            if (n == 0 || values[n - 1] != net[3] || AddressSegments.compare(hi, lo, endHi, endLo) != 0) {
                startHi[n] = hi;
                startLo[n] = lo;
                values[n++] = net[3];
            }
            long lastHi = hi | ~IpNetwork.maskHi(prefix);
            long lastLo = lo | ~IpNetwork.maskLo(prefix);
            open = !(lastHi == -1L && lastLo == -1L);
            endLo = lastLo + 1;
            endHi = endLo == 0 ? lastHi + 1 : lastHi;
        }
        if (n > 0 && open) {
            startHi[n] = endHi;
            startLo[n] = endLo;
            values[n++] = NONE;
        }
        return new GeoIndex(new AddressSegments(Arrays.copyOf(startHi, n), Arrays.copyOf(startLo, n)), Arrays.copyOf(values, n));
    }

    /** IPv4 networks come back as IPv4 addresses; they live at ::ffff:0:0/96 in our key space. */
    static IpNetwork toNetwork(InetAddress address, int prefixLength) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return new IpNetwork(0, IpAddress.v4MappedLow(ByteBuffer.wrap(b).getInt()), 96 + prefixLength);
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        return new IpNetwork(buf.getLong(), buf.getLong(), prefixLength);
    }

    /** The part of a City/Country record we use. */
    public static final class CountryRecord {
        final long code;

        @MaxMindDbConstructor
        public CountryRecord(@MaxMindDbParameter(name = "country") IsoCode country,
                             @MaxMindDbParameter(name = "registered_country") IsoCode registered,
                             @MaxMindDbParameter(name = "represented_country") IsoCode represented) {
            IsoCode pick = country != null && country.code != 0 ? country
                    : registered != null && registered.code != 0 ? registered : represented;
            this.code = pick == null || pick.code == 0 ? NONE : pick.code;
        }
    }

    public static final class IsoCode {
        final int code;

        @MaxMindDbConstructor
        public IsoCode(@MaxMindDbParameter(name = "iso_code") String iso) {
            int c = 0;
            if (iso != null) {
                try {
                    c = CountryCode.parse(iso);
                } catch (IllegalArgumentException e) {
                    c = 0;
                }
            }
            this.code = c;
        }
    }

    public static final class AsnRecord {
        final long asn;

        @MaxMindDbConstructor
        public AsnRecord(@MaxMindDbParameter(name = "autonomous_system_number") Long asn) {
            this.asn = asn == null ? NONE : asn;
        }
    }
}
