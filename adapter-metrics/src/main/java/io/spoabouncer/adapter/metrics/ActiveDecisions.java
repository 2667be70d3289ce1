package io.spoabouncer.adapter.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.Scope;
import io.spoabouncer.domain.decision.OriginLabel;
import io.spoabouncer.ports.out.DecisionView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code crowdsec_haproxy_spoa_bouncer_active_decisions{origin, ip_type, scope}}, recounted from the store
 * at an interval (a scan of the current snapshot, off the request path), with the Go bouncer's labels.
 */
final class ActiveDecisions {
    private final DecisionView store;
    private final MultiGauge gauge;

    ActiveDecisions(MeterRegistry registry, DecisionView store) {
        this.store = store;
        this.gauge = MultiGauge.builder(MicrometerMetrics.GO_PREFIX + "active.decisions")
                .description("Decisions held, by origin, IP family and scope").register(registry);
    }

    void refresh() {
        long now = io.spoabouncer.domain.time.SteadyClock.SYSTEM.getAsLong(); // the store's clock
        Map<List<String>, long[]> counts = new HashMap<>();
        store.forEach(d -> {
            if (!d.isExpired(now)) {
                counts.computeIfAbsent(List.of(origin(d), ipType(d), d.scope().name().toLowerCase(Locale.ROOT)), k -> new long[1])[0]++;
            }
        });
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Map.Entry<List<String>, long[]> e : counts.entrySet()) {
            List<String> k = e.getKey();
            long value = e.getValue()[0];
            rows.add(MultiGauge.Row.of(Tags.of("origin", k.get(0), "ip_type", k.get(1), "scope", k.get(2)), value));
        }
        gauge.register(rows, true);
    }

    static String origin(Decision d) {
        return OriginLabel.of(d);
    }

    static String ipType(Decision d) {
        if (d.scope() != Scope.IP && d.scope() != Scope.RANGE) {
            return "";
        }
        return d.isV4() ? "ipv4" : "ipv6";
    }
}
