package io.spoabouncer.adapter.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionTag;
import io.spoabouncer.domain.decision.OriginLabel;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.request.RequestKind;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.AgentMetrics.ChallengeOutcome;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's metrics in Micrometer. Meters are bound once (per closed set of label values) and looked
 * up without allocating: arrays indexed by frame type and status, maps keyed by interned origin strings.
 *
 * <p>The Go bouncer's request counters keep their exact names so dashboards work unchanged
 * ({@code crowdsec_haproxy_spoa_bouncer_processed_requests}, {@code ..._blocked_requests}); they are
 * exposed as gauges over monotonic counters because Prometheus' Java client appends {@code _total} to
 * every counter's name, which the Go client does not.
 */
public final class MicrometerMetrics implements AgentMetrics {
    static final String GO_PREFIX = "crowdsec.haproxy.spoa.bouncer.";
    private static final String[] IP_TYPES = {"ipv4", "ipv6"};
    private static final String[] BLOCKING = {"ban", "captcha"};
    private static final int[] FRAME_TYPES = {0, 1, 2, 3, 101, 102, 103};
    private static final double[] IP_CHECK_BUCKETS = {0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.5, 1};
    private static final double[] GEO_BUCKETS = {0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 1, 2};

    private final MeterRegistry registry;
    private final LongAdder[] processed = new LongAdder[2];
    /** [origin label] → [ipType * 2 + remediation] */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, LongAdder[]>> blocked = new ConcurrentHashMap<>();
    private final AtomicLong connections = new AtomicLong();
    private final Counter[] framesIn = new Counter[256];
    private final Counter[] framesOut = new Counter[256];
    private final Counter unknownFramesIn;
    private final Counter[] disconnectsSent = new Counter[100];
    private final Counter[] disconnectsReceived = new Counter[100];
    private final Counter handshakes;
    private final Counter healthChecks;
    private final Counter oversized;
    private final Counter failed;
    private final Counter clockSteps;
    private final Counter refused;
    private final Counter helloTimeouts;
    private final Counter idleTimeouts;
    private final Counter readPauses;
    private final Counter[] challenges = new Counter[ChallengeOutcome.values().length];
    private final Timer notifyLatency;
    private final Timer ipCheck;
    private final Timer geoLookup;
    private final Timer captchaValidation;
    private final ConcurrentHashMap<String, SourceMeters> sources = new ConcurrentHashMap<>();

    public MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (int i = 0; i < 2; i++) {
            LongAdder adder = new LongAdder();
            processed[i] = adder;
            Gauge.builder(GO_PREFIX + "processed.requests", adder, LongAdder::doubleValue)
                    .description("Requests judged (one per client connection check, or per HTTP request when none ran)")
                    .tag("ip_type", IP_TYPES[i]).strongReference(true).register(registry);
        }
        Gauge.builder("spoa.connections", connections, AtomicLong::doubleValue).description("Open SPOP connections")
                .strongReference(true).register(registry);
        for (int type : FRAME_TYPES) {
            framesIn[type] = Counter.builder("spoa.frames.received").tag("type", frameName(type)).register(registry);
            framesOut[type] = Counter.builder("spoa.frames.sent").tag("type", frameName(type)).register(registry);
        }
        unknownFramesIn = Counter.builder("spoa.frames.received").tag("type", "unknown").register(registry);
        for (int status : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 99}) {
            disconnectsSent[status] = Counter.builder("spoa.disconnects.sent").tag("status", String.valueOf(status)).register(registry);
            disconnectsReceived[status] = Counter.builder("spoa.disconnects.received").tag("status", String.valueOf(status)).register(registry);
        }
        handshakes = Counter.builder("spoa.handshakes").tag("kind", "engine").description("HELLOs answered: a storm shows here first").register(registry);
        healthChecks = Counter.builder("spoa.handshakes").tag("kind", "health-check").register(registry);
        refused = Counter.builder("spoa.connections.refused").description("Connections refused: spoe.max-connections were open").register(registry);
        helloTimeouts = Counter.builder("spoa.connections.timed.out").tag("phase", "hello").description("Closed for sending nothing").register(registry);
        idleTimeouts = Counter.builder("spoa.connections.timed.out").tag("phase", "idle").register(registry);
        readPauses = Counter.builder("spoa.read.paused")
                .description("Times a connection stopped being read (peer not reading ACKs, or too many NOTIFYs waiting)").register(registry);
        for (ChallengeOutcome o : ChallengeOutcome.values()) {
            challenges[o.ordinal()] = Counter.builder("spoa.challenges").tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT))
                    .description("AppSec challenges issued, and what the challenge listener did").register(registry);
        }
        oversized = Counter.builder("spoa.request.arguments.dropped").description("Header blocks or bodies over their bound").register(registry);
        failed = Counter.builder("spoa.request.failed")
                .description("Requests whose judging threw (a bug): answered without a verdict, so HAProxy's fail-safe decided").register(registry);
        clockSteps = Counter.builder("spoa.clock.steps")
                .description("Steps of the machine's clock seen (decisions expire by elapsed time regardless)").register(registry);
        notifyLatency = Timer.builder("spoa.notify.latency").description("NOTIFY received to ACK written")
                .serviceLevelObjectives(Duration.ofNanos(10_000), Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(500_000),
                        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500))
                .register(registry);
        // One lookup covers addresses and ranges together: it is recorded as lookup_type="ip".
        ipCheck = goHistogram(registry, "ip.check.duration", IP_CHECK_BUCKETS, "lookup_type", "ip");
        geoLookup = goHistogram(registry, "geo.lookup.duration", GEO_BUCKETS);
        captchaValidation = goHistogram(registry, "captcha.validation.duration", GEO_BUCKETS);
    }

    static String frameName(int type) {
        switch (type) {
            case 0: return "unset";
            case 1: return "haproxy-hello";
            case 2: return "haproxy-disconnect";
            case 3: return "notify";
            case 101: return "agent-hello";
            case 102: return "agent-disconnect";
            case 103: return "ack";
            default: return "unknown";
        }
    }

    @Override
    public void connectionOpened() {
        connections.incrementAndGet();
    }

    @Override
    public void connectionClosed() {
        connections.decrementAndGet();
    }

    @Override
    public void handshake(boolean healthCheck) {
        (healthCheck ? healthChecks : handshakes).increment();
    }

    @Override
    public void connectionRefused() {
        refused.increment();
    }

    @Override
    public void connectionTimedOut(boolean handshake) {
        (handshake ? helloTimeouts : idleTimeouts).increment();
    }

    @Override
    public void readPaused() {
        readPauses.increment();
    }

    @Override
    public void challenge(ChallengeOutcome outcome) {
        challenges[outcome.ordinal()].increment();
    }

    @Override
    public void frameReceived(int type) {
        Counter c = type >= 0 && type < 256 ? framesIn[type] : null;
        (c != null ? c : unknownFramesIn).increment();
    }

    @Override
    public void frameSent(int type) {
        Counter c = type >= 0 && type < 256 ? framesOut[type] : null;
        if (c != null) {
            c.increment();
        }
    }

    @Override
    public void disconnectSent(int status) {
        count(disconnectsSent, status, "spoa.disconnects.sent");
    }

    @Override
    public void disconnectReceived(int status) {
        count(disconnectsReceived, status, "spoa.disconnects.received");
    }

    private void count(Counter[] byStatus, int status, String name) {
        int s = status >= 0 && status < byStatus.length && byStatus[status] != null ? status : 99;
        byStatus[s].increment();
    }

    @Override
    public void requestProcessed(RequestKind kind, boolean connectionChecked, Remediation remediation, boolean ipv4, DecisionTag decision) {
        // As the Go bouncer counts: each client once, by the first message that judged it.
        if (kind == RequestKind.HTTP && connectionChecked) {
            return;
        }
        int ip = ipv4 ? 0 : 1;
        processed[ip].increment();
        int r = remediation == Remediation.BAN ? 0 : remediation == Remediation.CAPTCHA ? 1 : -1;
        if (r < 0 || decision == null) {
            return;
        }
        blockedCounters(decision)[ip * 2 + r].increment();
    }

    private LongAdder[] blockedCounters(DecisionTag d) {
        ConcurrentHashMap<String, LongAdder[]> byScenario = blocked.get(d.origin());
        if (byScenario == null) {
            byScenario = blocked.computeIfAbsent(d.origin(), k -> new ConcurrentHashMap<>());
        }
        // The Go bouncer labels blocklist decisions "lists:<scenario>".
        String scenarioKey = OriginLabel.LISTS.equals(d.origin()) ? d.scenario() : "";
        LongAdder[] counters = byScenario.get(scenarioKey);
        if (counters == null) {
            counters = byScenario.computeIfAbsent(scenarioKey, k -> bindBlocked(OriginLabel.of(d)));
        }
        return counters;
    }

    private LongAdder[] bindBlocked(String origin) {
        LongAdder[] out = new LongAdder[4];
        for (int ip = 0; ip < 2; ip++) {
            for (int r = 0; r < 2; r++) {
                LongAdder adder = new LongAdder();
                out[ip * 2 + r] = adder;
                Gauge.builder(GO_PREFIX + "blocked.requests", adder, LongAdder::doubleValue)
                        .description("Requests answered ban or captcha")
                        .tags(Tags.of("origin", origin, "ip_type", IP_TYPES[ip], "remediation", BLOCKING[r]))
                        .strongReference(true).register(registry);
            }
        }
        return out;
    }

    @Override
    public void notifyLatency(long nanos) {
        notifyLatency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public void argumentTooLarge() {
        oversized.increment();
    }

    @Override
    public void requestFailed() {
        failed.increment();
    }

    @Override
    public void clockStepped() {
        clockSteps.increment();
    }

    @Override
    public void decisionsApplied(String source, int added, int removed) {
        SourceMeters m = source(source);
        m.added.increment(added);
        m.removed.increment(removed);
    }

    @Override
    public void decisionsRejected(String source, int count) {
        source(source).rejected.increment(count);
    }

    @Override
    public void sourcePulled(String source, boolean success) {
        SourceMeters m = source(source);
        if (success) {
            m.lastSuccess.set(System.currentTimeMillis());
        } else {
            m.errors.increment();
        }
    }

    @Override
    public void snapshotFailed(String source) {
        source(source).snapshotErrors.increment();
    }

    private SourceMeters source(String name) {
        SourceMeters m = sources.get(name);
        return m != null ? m : sources.computeIfAbsent(name, n -> new SourceMeters(registry, n));
    }

    /** Per decision source: updates, errors, decisions applied and rejected. */
    private static final class SourceMeters {
        final Counter added;
        final Counter removed;
        final Counter rejected;
        final Counter errors;
        final Counter snapshotErrors;
        final AtomicLong lastSuccess = new AtomicLong();

        SourceMeters(MeterRegistry registry, String source) {
            added = Counter.builder("spoa.decisions.applied").tags("source", source, "change", "added").register(registry);
            removed = Counter.builder("spoa.decisions.applied").tags("source", source, "change", "removed").register(registry);
            rejected = Counter.builder("spoa.decisions.rejected").description("Malformed decisions skipped").tag("source", source).register(registry);
            errors = Counter.builder("spoa.source.errors").description("Failed updates (LAPI unreachable, unreadable file, ...)").tag("source", source).register(registry);
            snapshotErrors = Counter.builder("spoa.source.snapshot.errors")
                    .description("Failed writes of the source's snapshot (disk full, read-only, ...); the decisions held stay enforced")
                    .tag("source", source).register(registry);
            Gauge.builder("spoa.source.last.success", lastSuccess, a -> a.get() / 1000.0).baseUnit("seconds")
                    .description("Unix time of the last successful update").tag("source", source).strongReference(true).register(registry);
        }
    }

    @Override
    public void lookupDuration(long nanos) {
        ipCheck.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public void captchaValidation(long nanos) {
        captchaValidation.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public void geoLookupDuration(long nanos) {
        geoLookup.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static Timer goHistogram(MeterRegistry registry, String name, double[] bucketsSeconds, String... tags) {
        Duration[] slos = new Duration[bucketsSeconds.length];
        for (int i = 0; i < slos.length; i++) {
            slos[i] = Duration.ofNanos((long) (bucketsSeconds[i] * 1e9));
        }
        return Timer.builder(GO_PREFIX + name).tags(tags).serviceLevelObjectives(slos).register(registry);
    }
}
