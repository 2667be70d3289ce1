package io.spoabouncer.adapter.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.netty.buffer.PooledByteBufAllocator;
import io.spoabouncer.ports.out.DecisionView;
import io.spoabouncer.ports.spi.Component;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scrape endpoint: {@code /metrics} (Prometheus text format) and {@code /health} (200 "ready" once
 * the decision sources have loaded, 503 "starting" before). Off unless {@code metrics.enabled}.
 */
public final class MetricsEndpoint implements Component {
    private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);

    private final MetricsSettings settings;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier ready;
    private final ActiveDecisions active;
    private HttpServer server;
    private ScheduledExecutorService refresher;
    private JvmGcMetrics gc;

    public MetricsEndpoint(MetricsSettings settings, PrometheusMeterRegistry registry, DecisionView store, BooleanSupplier ready) {
        this.settings = settings;
        this.registry = registry;
        this.ready = ready;
        this.active = new ActiveDecisions(registry, store);
    }

    @Override
    public void start() throws IOException {
        if (!settings.enabled()) {
            return;
        }
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new NettyAllocatorMetrics(PooledByteBufAllocator.DEFAULT).bindTo(registry);
        active.refresh();
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-refresh");
            t.setDaemon(true);
            return t;
        });
        long every = settings.activeDecisionsRefresh().toMillis();
        refresher.scheduleWithFixedDelay(this::refreshSafely, every, every, TimeUnit.MILLISECONDS);
        try {
            server = HttpServer.create(settings.listen(), 16);
        } catch (IOException e) {
            throw new IOException("metrics.listen-address " + settings.listen() + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", this::metrics);
        server.createContext("/health", this::health);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    private void refreshSafely() {
        try {
            active.refresh();
        } catch (RuntimeException e) {
            log.warn("metrics: cannot count active decisions: {}", e.toString());
        }
    }

    /** Recounts active decisions now (tests; the endpoint does it at an interval). */
    public void refreshNow() {
        active.refresh();
    }

    private void metrics(HttpExchange ex) throws IOException {
        if (!"GET".equals(ex.getRequestMethod())) {
            respond(ex, 405, "text/plain", "method not allowed\n");
            return;
        }
        respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }

    private void health(HttpExchange ex) throws IOException {
        boolean up = ready.getAsBoolean();
        respond(ex, up ? 200 : 503, "application/json", up ? "{\"status\":\"ready\"}\n" : "{\"status\":\"starting\"}\n");
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (refresher != null) {
            refresher.shutdownNow();
        }
        if (gc != null) {
            gc.close();
        }
    }

    @Override
    public String describe() {
        return settings.enabled() ? "metrics on http://" + settings.listen().getHostString() + ":" + port() + "/metrics (health: /health)"
                : "metrics (off: metrics.enabled = false)";
    }
}
