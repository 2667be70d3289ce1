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
}
