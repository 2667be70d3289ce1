package io.spoabouncer.adapter.geo;

import io.spoabouncer.ports.out.DecisionView;
import io.spoabouncer.ports.spi.GeoService;
import io.spoabouncer.ports.spi.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Country and AS of an address from MaxMind GeoLite2/GeoIP2 databases (City or Country, and ASN). The
 * databases are loaded at start and re-loaded when their file changes; a database that cannot be read
 * at start stops the start, one that breaks later keeps the previous version. Without databases,
 * Country and AS decisions are kept but cannot match, and the log says so once.
 */
public final class MaxMindGeoLocator implements GeoService {
    private static final Logger log = LoggerFactory.getLogger(MaxMindGeoLocator.class);

    private final GeoSettings settings;
    private final DecisionView store;
    private volatile GeoIndex countries;
    private volatile GeoIndex asns;
    private long countriesStamp;
    private long asnsStamp;
    private boolean warnedNoGeo;
    private volatile long version;
    private ScheduledExecutorService watcher;

    public MaxMindGeoLocator(Settings settings, DecisionView store) {
        this.settings = GeoSettings.from(settings);
        this.store = store;
    }

    @Override
    public int country(long hi, long lo) {
        GeoIndex c = countries;
        if (c == null) {
            return 0;
        }
        long v = c.lookup(hi, lo);
        return v == GeoIndex.NONE ? 0 : (int) v;
    }

    @Override
    public long asn(long hi, long lo) {
        GeoIndex a = asns;
        return a == null ? -1 : a.lookup(hi, lo);
    }

    @Override
    public void forEachCountryRange(int country, RangeSink sink) {
        GeoIndex c = countries;
        if (c != null && country != 0) {
            c.forEachRange(country, sink);
        }
    }

    @Override
    public void forEachAsRange(long asn, RangeSink sink) {
        GeoIndex a = asns;
        if (a != null && asn >= 0) {
            a.forEachRange(asn, sink);
        }
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public void start() throws IOException {
        if (settings.cityDatabase() != null) {
            countries = GeoIndex.countries(settings.cityDatabase().toFile());
            countriesStamp = stamp(settings.cityDatabase());
            log.info("geo: {} country segments from {}", countries.size(), settings.cityDatabase());
        }
        if (settings.asnDatabase() != null) {
            asns = GeoIndex.asns(settings.asnDatabase().toFile());
            asnsStamp = stamp(settings.asnDatabase());
            log.info("geo: {} AS segments from {}", asns.size(), settings.asnDatabase());
        }
        version++;
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "geo-watcher");
            t.setDaemon(true);
            return t;
        });
        long every = settings.reloadInterval().toMillis();
        watcher.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    /** Re-loads a changed database; warns once when geo decisions are held without the database they need. */
    void check() {
        try {
            if (settings.cityDatabase() != null && stamp(settings.cityDatabase()) != countriesStamp) {
                countriesStamp = stamp(settings.cityDatabase());
                countries = GeoIndex.countries(settings.cityDatabase().toFile());
                version++;
                log.info("geo: re-loaded {} ({} segments)", settings.cityDatabase(), countries.size());
            }
            if (settings.asnDatabase() != null && stamp(settings.asnDatabase()) != asnsStamp) {
                asnsStamp = stamp(settings.asnDatabase());
                asns = GeoIndex.asns(settings.asnDatabase().toFile());
                version++;
                log.info("geo: re-loaded {} ({} segments)", settings.asnDatabase(), asns.size());
            }
        } catch (IOException | RuntimeException e) {
            log.error("geo: cannot re-load a database, keeping the previous one: {}", e.toString());
        }
        warnIfUnmatchable();
    }

    void warnIfUnmatchable() {
        if (!warnedNoGeo && store.hasGeoDecisions() && (countries == null || asns == null)) {
            warnedNoGeo = true;
            log.warn("Country or AS decisions are held but geo.city-database / geo.asn-database is not set:"
                    + " decisions of a scope without its database never match");
        }
    }

    private static long stamp(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis() ^ Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void stop() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    @Override
    public String describe() {
        return "geo (" + (settings.cityDatabase() == null ? "no country database" : settings.cityDatabase()) + ", "
                + (settings.asnDatabase() == null ? "no AS database" : settings.asnDatabase()) + ")";
    }
}
