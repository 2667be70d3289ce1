package io.spoabouncer.adapter.decisions.http;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.ports.out.DecisionSink;
import io.spoabouncer.ports.out.UsageCounter;
import io.spoabouncer.ports.spi.DecisionSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CrowdSec LAPI decision stream: {@code startup=true} first, then deltas every update-frequency.
 * While LAPI cannot be reached the agent keeps serving what it has and retries with capped, jittered
 * backoff; after an outage longer than resync-after it asks for the full list again. The decisions are
 * saved to a snapshot file periodically and on stop, and loaded at start before LAPI answers.
 */
public final class HttpDecisionSource implements DecisionSource {
    private static final Logger log = LoggerFactory.getLogger(HttpDecisionSource.class);
    /** A LAPI decision is 150-170 bytes of JSON: sizing the store from Content-Length spares it growing by copies. */
    private static final int BYTES_PER_DECISION = 140;

    private final String name;
    private final LapiSettings settings;
    private final DecisionSink sink;
    private final DecisionFactory factory;
    private final StreamParser parser;
    private final DecisionSnapshot snapshot;
    private final LongSupplier clock;
    private final Backoff backoff;
    private LapiClient client;
    private ScheduledExecutorService scheduler;
    private volatile boolean loaded;
    private volatile boolean needStartup = true;
    /** When the last full list was taken (0: not yet). */
    private long lastFullMillis;
    private volatile long lastSuccessMillis;
    private volatile String lastError;
    private volatile long pulls;

    private final SharedKeyWatch watch;
    private long lastSharedWarningMillis = Long.MIN_VALUE / 2;
    private final UsageCounter usage;
    private UsageMetricsPusher pusher;

    HttpDecisionSource(String name, LapiSettings settings, DecisionSink sink, DecisionFactory factory, UsageCounter usage, LongSupplier clock) {
        this.usage = usage;
        this.name = name;
        this.settings = settings;
        this.sink = sink;
        this.factory = factory;
        this.clock = clock;
        this.parser = new StreamParser(factory, name, settings.maxDecisions());
        this.snapshot = settings.snapshotPath() == null ? null : new DecisionSnapshot(settings.snapshotPath());
        this.backoff = new Backoff(settings.retryInitial(), settings.retryMax());
        this.watch = settings.sharedKeyCheck() ? new SharedKeyWatch(settings.sharedKeyMinInterval().toMillis(), settings.sharedKeyResync().toMillis()) : null;
    }

    @Override
    public void start() throws IOException, GeneralSecurityException {
        client = new LapiClient(settings);
        if (snapshot != null) {
            try {
                // Streamed into the store as it is read; a snapshot that fails half way changes nothing.
                try (DecisionSink.Replacement replacement = sink.startReplace(0)) {
                    int saved = snapshot.read(factory, name, clock.getAsLong(), replacement::add);
                    if (saved > 0) {
                        replacement.commit();
                        loaded = true;
                        log.info("decisions.{}: {} live decisions loaded from the snapshot {} (until LAPI answers)", name, saved, snapshot.path());
                    }
                }
            } catch (IOException e) {
                log.warn("decisions.{}: cannot read the snapshot {}: {}; starting without it", name, snapshot.path(), e.getMessage());
            }
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "decisions-" + name);
            t.setDaemon(true);
            return t;
        });
        scheduler.execute(this::pull);
        if (snapshot != null) {
            long every = settings.snapshotInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::saveSnapshot, every, every, TimeUnit.MILLISECONDS);
        }
        if (settings.usageMetrics()) {
            pusher = new UsageMetricsPusher(name, client, usage, sink, settings.userAgent(), clock);
            long every = settings.usageMetricsInterval().toMillis();
            scheduler.scheduleWithFixedDelay(() -> pusher.push(lastSuccessMillis / 1000), every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** The usage-metrics pusher, or null when off. */
    UsageMetricsPusher usageMetrics() {
        return pusher;
    }

    /** One pull; schedules the next one. Runs on the source's own thread only. */
    void pull() {
        long now = clock.getAsLong();
        if (!needStartup && lastSuccessMillis > 0 && now - lastSuccessMillis > settings.resyncAfter().toMillis()) {
            log.info("decisions.{}: no answer from LAPI for {}s: asking for the full list again", name, (now - lastSuccessMillis) / 1000);
            needStartup = true;
        }
        long every = settings.fullResyncInterval().toMillis();
        if (!needStartup && every > 0 && lastFullMillis > 0 && now - lastFullMillis >= every) {
            log.info("decisions.{}: asking for the full list (every decisions.{}.full-resync-interval, {}s)", name, name, every / 1000);
            needStartup = true;
        }
        if (!needStartup && watch != null && watch.fullPullDue(now)) {
            needStartup = true; // decisions may have gone to another puller of this key: settle it with the full list
        }
        boolean startup = needStartup;
        long delay;
        try {
            StreamBatch batch = fetch(startup);
            apply(startup, batch);
            watch(startup, batch);
            pulls++;
            if (backoff.failures() > 0) {
                log.info("decisions.{}: LAPI answers again after {} failed attempts", name, backoff.failures());
            }
            backoff.reset();
            lastError = null;
            lastSuccessMillis = clock.getAsLong();
            if (startup) {
                lastFullMillis = lastSuccessMillis;
            }
            sink.pulled(true);
            needStartup = false;
            loaded = true;
            // Jittered (80-120%): two pullers of one key cannot stay in lock step, where one would see nothing at all.
            delay = (long) (settings.updateFrequency().toMillis() * (0.8 + 0.4 * java.util.concurrent.ThreadLocalRandom.current().nextDouble()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (IOException | RuntimeException e) {
            lastError = describe(e);
            sink.pulled(false);
            delay = backoff.nextDelayMillis();
            java.net.URI failed = client.current();
            if (!startup && !needStartup) {
                // LAPI moves this key's last_pull when it takes the request (1.4.6: at its start, whatever follows), so
                // a delta we did not get may be gone from the stream: only the full list brings its decisions back. Even
                // a refused connection may follow a first attempt that reached LAPI (the JDK client retries a GET once
                // when a kept-alive connection closes before the answer), so every failed delta counts.
                needStartup = true;
                log.info("decisions.{}: a delta pull failed, and LAPI may count it as delivered: the next pull asks for the full list", name);
            }
            if (client.failover()) {
                // Another LAPI of the same database: its last_pull for this key is its own, so start over with the full list.
                needStartup = true;
                log.warn("decisions.{}: {}; switching to LAPI {} (full list first)", name, lastError, client.current());
                delay = Math.min(delay, settings.retryInitial().toMillis());
                lastError = "LAPI " + failed + " failed: " + lastError;
            }
            if (startup && lastSuccessMillis == 0) {
                log.warn("decisions.{}: {} (attempt {}, retrying in {} ms; serving the {} decisions held meanwhile)",
                        name, lastError, backoff.failures(), delay, sink.size());
            } else {
                log.warn("decisions.{}: {} (attempt {}, retrying in {} ms; current decisions kept)", name, lastError, backoff.failures(), delay);
            }
        }
        if (!scheduler.isShutdown()) {
            scheduler.schedule(this::pull, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** A failure in words: our own messages as they are; network errors named with the address. */
    private String describe(Exception e) {
        if (e instanceof LapiException) {
            return e.getMessage();
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return "cannot get decisions from LAPI at " + client.current() + ": " + detail;
    }

    /** A failure whose message is already complete. */
    static final class LapiException extends IOException {
        LapiException(String message) {
            super(message);
        }
    }

    private StreamBatch fetch(boolean startup) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.stream(startup);
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 200) {
                if (!startup) {
                    BodyDeadline deadline = new BodyDeadline(body, settings.requestTimeout());
                    try (deadline) {
                        return parser.parse(body, clock.getAsLong());
                    } catch (IOException e) {
                        throw deadline.fired() ? deadline(e) : e;
                    }
                }
                // The full list goes from the socket into the store as it is parsed; a failure half way keeps the old set.
                long length = response.headers().firstValueAsLong("content-length").orElse(-1);
                int expected = length > 0 ? (int) Math.min(settings.maxDecisions(), length / BYTES_PER_DECISION) : 0;
                try (BodyDeadline deadline = new BodyDeadline(body, settings.requestTimeout())) {
                    try (DecisionSink.Replacement replacement = sink.startReplace(expected)) {
                        StreamBatch batch = parser.parse(body, clock.getAsLong(), replacement::add);
                        replacement.commit();
                        return batch;
                    } catch (IOException e) {
                        throw deadline.fired() ? deadline(e) : e;
                    }
                }
            }
            body.readNBytes(4096);
            if (status == 403 || status == 401) {
                throw new LapiException("LAPI at " + client.current() + " refused the API key (HTTP " + status + " access forbidden): "
                        + "check decisions.http.api-key (or CROWDSEC_API_KEY) and that the bouncer exists ('cscli bouncers list'; "
                        + "add it with 'cscli bouncers add NAME')");
            }
            if (status == 404) {
                throw new LapiException("LAPI at " + client.current() + " answered 404 for /v1/decisions/stream: is decisions.http.api-url the Local API's address?");
            }
            throw new LapiException("LAPI at " + client.current() + " answered HTTP " + status);
        }
    }

    /** The answer was cut at request-timeout: say so, not the "stream closed" it caused. */
    private LapiException deadline(IOException cause) {
        return new LapiException("LAPI at " + client.current() + " did not finish its answer within decisions.http.request-timeout ("
                + settings.requestTimeout().toSeconds() + "s): abandoned, the decisions held are kept");
    }

    private void apply(boolean startup, StreamBatch batch) {
        if (batch.rejected > 0) {
            sink.rejected(batch.rejected);
        }
        if (startup) {
            // The full list (already in the store, see fetch): what is new is everything; deleted holds history only.
            log.info("decisions.{}: {} decisions from LAPI (full list; {} skipped as malformed, {} of other scopes)",
                    name, sink.size(), batch.rejected, batch.otherScopes);
        } else if (!batch.added.isEmpty() || !batch.deleted.isEmpty()) {
            sink.apply(batch.added, batch.deleted);
            log.debug("decisions.{}: +{} -{} from LAPI", name, batch.added.size(), batch.deleted.size());
        }
    }

    private void watch(boolean startup, StreamBatch batch) {
        if (watch == null) {
            return;
        }
        if (!startup) {
            watch.afterDelta(batch.ids, batch.idCount);
            return;
        }
        int lost = watch.afterFull(batch.ids, batch.idCount, clock.getAsLong());
        long now = clock.getAsLong();
        if (lost > 0 && now - lastSharedWarningMillis >= 600_000) {
            lastSharedWarningMillis = now;
            log.warn("decisions.{}: {} decisions created on LAPI reached this agent only through a full resync ({} so far): another process"
                    + " pulls with the same API key, and LAPI keeps one last_pull per key, so each takes part of the other's deltas."
                    + " Give every agent its own key ('cscli bouncers add <name>-<host>' and decisions.http.api-key)."
                    + " Until then this agent asks for the full list every {}s.", name, lost, watch.recovered(),
                    settings.sharedKeyResync().toSeconds());
        }
    }

    /** True once another puller of this API key was noticed (decisions recovered by a full resync). */
    public boolean sharedKeyNoticed() {
        return watch != null && watch.shared();
    }

    void saveSnapshot() {
        if (snapshot == null || !loaded) {
            return;
        }
        try {
            snapshot.write(sink::forEachCurrent, clock.getAsLong());
        } catch (IOException | RuntimeException e) {
            sink.snapshotFailed();
            log.error("decisions.{}: cannot write the snapshot {}: {}; the {} decisions held are still enforced, the previous snapshot is kept",
                    name, snapshot.path(), e.toString(), sink.size());
        }
    }

    @Override
    public boolean isLoaded() {
        return loaded;
    }

    /** The last failure's message, or null while LAPI answers. */
    public String lastError() {
        return lastError;
    }

    /** Successful pulls so far. */
    public long pulls() {
        return pulls;
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        saveSnapshot();
    }

    @Override
    public String describe() {
        return "decision source '" + name + "' (LAPI " + (client == null ? settings.apiUrls() : client.current()) + ", every " + settings.updateFrequency().toSeconds()
                + "s, scopes " + settings.scopes() + (snapshot == null ? "" : ", snapshot " + snapshot.path()) + ")";
    }
}
