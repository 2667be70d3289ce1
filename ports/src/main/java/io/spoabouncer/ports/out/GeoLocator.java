package io.spoabouncer.ports.out;

/** Country and AS of an address (the 128-bit key of {@code IpAddress}); implementations must not block. */
public interface GeoLocator {
    GeoLocator NONE = new GeoLocator() {
        @Override
        public int country(long hi, long lo) {
            return 0;
        }

        @Override
        public long asn(long hi, long lo) {
            return -1;
        }
    };

    /** The packed ISO 3166 code ({@code CountryCode}), or 0 when unknown. */
    int country(long hi, long lo);

    /** The AS number, or -1 when unknown. */
    long asn(long hi, long lo);

    /** Receives address ranges, first and last address inclusive (128-bit keys). */
    @FunctionalInterface
    interface RangeSink {
        void range(long firstHi, long firstLo, long lastHi, long lastLo);
    }

    /** Every address range the database places in the country, ascending; for whoever must list them (HAProxy's map). */
    default void forEachCountryRange(int country, RangeSink sink) {
    }

    /** Every address range the database places in the AS, ascending. */
    default void forEachAsRange(long asn, RangeSink sink) {
    }

    /** Changes whenever a database is (re-)loaded, so that lists made from the ranges can be made again. */
    default long version() {
        return 0;
    }
}
