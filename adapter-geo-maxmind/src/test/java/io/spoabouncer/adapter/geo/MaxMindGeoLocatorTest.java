package io.spoabouncer.adapter.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.spoabouncer.settings.hocon.HoconSettings;
import io.spoabouncer.domain.decision.CountryCode;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.domain.ip.IpAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MaxMind's test databases (src/test/resources/geoip, with their known answers). */
class MaxMindGeoLocatorTest {
    @TempDir
    Path tmp;

    static Path resource(Path dir, String name) throws IOException {
        return io.spoabouncer.adapter.geo.testing.GeoDatabases.copy(dir, name);
    }

    MaxMindGeoLocator locator(String city, String asn) {
        return new MaxMindGeoLocator(new HoconSettings(ConfigFactory.parseString(
                "city-database = \"" + city + "\"\nasn-database = \"" + asn + "\"\nreload-interval = 60s"), "geo"), new io.spoabouncer.core.decisions.ReadOnlyDecisions(new DecisionStore()));
    }

    static long[] key(String ip) {
        IpAddress a = IpAddress.parse(ip);
        return new long[] {a.hi(), a.lo()};
    }

    @Test
    void knownAnswers() throws Exception {
        MaxMindGeoLocator geo = locator(resource(tmp, "GeoLite2-City.mmdb").toString(), resource(tmp, "GeoLite2-ASN.mmdb").toString());
        geo.start();
        try {
            long[] gb = key("2.125.160.216");
            assertEquals(CountryCode.parse("GB"), geo.country(gb[0], gb[1]));
            assertEquals("GB", CountryCode.format(geo.country(gb[0], gb[1])));
            long[] none = key("1.1.1.1");
            assertEquals(0, geo.country(none[0], none[1]));
            long[] google = key("1.0.0.1");
            assertEquals(15169, geo.asn(google[0], google[1]));
            long[] mapped = key("::ffff:1.0.0.1");
            assertEquals(15169, geo.asn(mapped[0], mapped[1]));
            long[] unknown = key("203.0.113.1");
            assertEquals(-1, geo.asn(unknown[0], unknown[1]));
        } finally {
            geo.stop();
        }
    }

    @Test
    void aCountrysRangesAreExactlyTheAddressesLocatedThere() throws Exception {
        MaxMindGeoLocator geo = locator(resource(tmp, "GeoLite2-City.mmdb").toString(), resource(tmp, "GeoLite2-ASN.mmdb").toString());
        geo.start();
        try {
            int gb = CountryCode.parse("GB");
            java.util.List<long[]> ranges = new java.util.ArrayList<>();
            geo.forEachCountryRange(gb, (fh, fl, lh, ll) -> ranges.add(new long[] {fh, fl, lh, ll}));
            long[] boxford = key("2.125.160.216");
            boolean holdsBoxford = false;
            for (long[] r : ranges) {
                assertEquals(gb, geo.country(r[0], r[1]), "first address of a GB range");
                assertEquals(gb, geo.country(r[2], r[3]), "last address of a GB range");
                long afterLo = r[3] + 1;
                long afterHi = afterLo == 0 ? r[2] + 1 : r[2];
                if (!(r[2] == -1L && r[3] == -1L)) {
                    org.junit.jupiter.api.Assertions.assertNotEquals(gb, geo.country(afterHi, afterLo), "a range ends where GB does");
                }
                holdsBoxford |= io.spoabouncer.domain.ip.AddressSegments.compare(r[0], r[1], boxford[0], boxford[1]) <= 0
                        && io.spoabouncer.domain.ip.AddressSegments.compare(boxford[0], boxford[1], r[2], r[3]) <= 0;
            }
            org.junit.jupiter.api.Assertions.assertTrue(holdsBoxford, "2.125.160.216 is in GB's ranges");
            java.util.List<long[]> google = new java.util.ArrayList<>();
            geo.forEachAsRange(15169, (fh, fl, lh, ll) -> google.add(new long[] {fh, fl, lh, ll}));
            org.junit.jupiter.api.Assertions.assertFalse(google.isEmpty());
            for (long[] r : google) {
                assertEquals(15169, geo.asn(r[0], r[1]));
                assertEquals(15169, geo.asn(r[2], r[3]));
            }
            java.util.List<long[]> none = new java.util.ArrayList<>();
            geo.forEachCountryRange(CountryCode.parse("ZZ"), (fh, fl, lh, ll) -> none.add(new long[0]));
            assertEquals(0, none.size());
            org.junit.jupiter.api.Assertions.assertTrue(geo.version() > 0, "a load is a new version");
        } finally {
            geo.stop();
        }
    }

    @Test
    void agreesWithMaxMindsOwnReaderEverywhere() throws Exception {
        Path city = resource(tmp, "GeoLite2-City.mmdb");
        GeoIndex index = GeoIndex.countries(city.toFile());
        try (com.maxmind.db.Reader reader = new com.maxmind.db.Reader(city.toFile())) {
            java.util.Random r = new java.util.Random(3);
            int checked = 0;
            for (int i = 0; i < 20000; i++) {
                byte[] b = new byte[r.nextBoolean() ? 4 : 16];
                r.nextBytes(b);
                if (i % 3 == 0 && b.length == 4) {
                    b[0] = 2; // near the test data's networks
                } else if (i % 3 == 1 && b.length == 16) {
                    b[0] = 0x2a;
                    b[1] = 0x02;
                }
                java.net.InetAddress addr = java.net.InetAddress.getByAddress(b);
                GeoIndex.CountryRecord expected = reader.get(addr, GeoIndex.CountryRecord.class);
                long want = expected == null ? GeoIndex.NONE : expected.code;
                IpAddress a = IpAddress.parse(addr.getHostAddress());
                assertEquals(want, index.lookup(a.hi(), a.lo()), addr.getHostAddress());
                if (want != GeoIndex.NONE) {
                    checked++;
                }
            }
            org.junit.jupiter.api.Assertions.assertTrue(checked > 10, "the sample hit known networks: " + checked);
        }
    }

    @Test
    void aChangedDatabaseIsReloaded_aBrokenOneKeepsThePreviousVersion() throws Exception {
        Path city = resource(tmp, "GeoLite2-City.mmdb");
        MaxMindGeoLocator geo = locator(city.toString(), "");
        geo.start();
        try {
            long[] gb = key("2.125.160.216");
            assertEquals(CountryCode.parse("GB"), geo.country(gb[0], gb[1]));
            Files.writeString(city, "garbage, half-copied");
            geo.check();
            assertEquals(CountryCode.parse("GB"), geo.country(gb[0], gb[1]), "the broken file is not used");
            Files.delete(city);
            try (InputStream in = MaxMindGeoLocatorTest.class.getResourceAsStream("/geoip/GeoLite2-ASN.mmdb")) {
                Files.copy(in, city); // a valid database without countries
            }
            geo.check();
            assertEquals(0, geo.country(gb[0], gb[1]), "the new file is in force");
        } finally {
            geo.stop();
        }
    }

    @Test
    void aMissingDatabaseStopsTheStartWithItsPath() {
        MaxMindGeoLocator geo = locator(tmp.resolve("missing.mmdb").toString(), "");
        IOException e = assertThrows(IOException.class, geo::start);
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("missing.mmdb"), e.getMessage());
    }

    @Test
    void aCorruptDatabaseStopsTheStart() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.mmdb"), "not a maxmind database");
        MaxMindGeoLocator geo = locator(bad.toString(), "");
        assertThrows(IOException.class, geo::start);
    }

    @Test
    void withoutDatabasesNothingIsKnown() throws Exception {
        MaxMindGeoLocator geo = locator("", "");
        geo.start();
        long[] gb = key("2.125.160.216");
        assertEquals(0, geo.country(gb[0], gb[1]));
        assertEquals(-1, geo.asn(gb[0], gb[1]));
        geo.stop();
    }
}
