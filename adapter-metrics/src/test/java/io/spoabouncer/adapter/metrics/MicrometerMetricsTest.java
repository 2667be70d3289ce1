package io.spoabouncer.adapter.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.request.RequestKind;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.settings.hocon.HoconSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class MicrometerMetricsTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final MicrometerMetrics metrics = new MicrometerMetrics(registry);
    final DecisionFactory f = new DecisionFactory();

    double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void requestsAreCountedOncePerClient_blocksByOriginWithListsScenario() {
        Decision capi = f.create("Ip", "1.1.1.1", "ban", "CAPI", "ssh-bf", Decision.NEVER_EXPIRES, "http");
        Decision lists = f.create("Ip", "1.1.1.2", "captcha", "lists", "firehol_level1", Decision.NEVER_EXPIRES, "http");
        metrics.requestProcessed(RequestKind.CONNECTION, false, Remediation.BAN, true, capi.tag());
        metrics.requestProcessed(RequestKind.HTTP, true, Remediation.BAN, true, capi.tag()); // same client, already counted
        metrics.requestProcessed(RequestKind.HTTP, false, Remediation.CAPTCHA, false, lists.tag());
        metrics.requestProcessed(RequestKind.CONNECTION, false, Remediation.ALLOW, true, null);
        assertEquals(2, gauge("crowdsec.haproxy.spoa.bouncer.processed.requests", "ip_type", "ipv4"));
        assertEquals(1, gauge("crowdsec.haproxy.spoa.bouncer.processed.requests", "ip_type", "ipv6"));
        assertEquals(1, gauge("crowdsec.haproxy.spoa.bouncer.blocked.requests", "origin", "CAPI", "ip_type", "ipv4", "remediation", "ban"));
        assertEquals(1, gauge("crowdsec.haproxy.spoa.bouncer.blocked.requests", "origin", "lists:firehol_level1", "ip_type", "ipv6",
                "remediation", "captcha"));
    }

    @Test
    void protocolCountersUseClosedLabelSets() {
        metrics.frameReceived(3);
        metrics.frameReceived(200);
        metrics.disconnectSent(4);
        metrics.disconnectReceived(1234);
        metrics.connectionOpened();
        metrics.connectionOpened();
        metrics.connectionClosed();
        assertEquals(1, registry.get("spoa.frames.received").tag("type", "notify").counter().count());
        assertEquals(1, registry.get("spoa.frames.received").tag("type", "unknown").counter().count());
        assertEquals(1, registry.get("spoa.disconnects.sent").tag("status", "4").counter().count());
        assertEquals(1, registry.get("spoa.disconnects.received").tag("status", "99").counter().count(), "out-of-range statuses fold into 99");
        assertEquals(1, registry.get("spoa.connections").gauge().value());
    }

    @Test
    void sourcesAndActiveDecisions() {
        metrics.decisionsApplied("http", 3, 1);
        metrics.decisionsRejected("http", 2);
        metrics.sourcePulled("http", false);
        metrics.sourcePulled("http", true);
        assertEquals(3, registry.get("spoa.decisions.applied").tags("source", "http", "change", "added").counter().count());
        assertEquals(2, registry.get("spoa.decisions.rejected").tag("source", "http").counter().count());
        assertEquals(1, registry.get("spoa.source.errors").tag("source", "http").counter().count());
        assertTrue(registry.get("spoa.source.last.success").tag("source", "http").gauge().value() > 1.7e9);

        DecisionStore store = new DecisionStore();
        store.apply("http", List.of(f.create("Ip", "1.1.1.1", "ban", "crowdsec", "", Decision.NEVER_EXPIRES, "http"),
                f.create("Range", "2001:db8::/32", "ban", "lists", "tor", Decision.NEVER_EXPIRES, "http"),
                f.create("Country", "FR", "captcha", "cscli", "", Decision.NEVER_EXPIRES, "http")), List.of());
        ActiveDecisions active = new ActiveDecisions(registry, new io.spoabouncer.core.decisions.ReadOnlyDecisions(store));
        active.refresh();
        assertEquals(1, registry.get("crowdsec.haproxy.spoa.bouncer.active.decisions").tags("origin", "crowdsec", "ip_type", "ipv4", "scope", "ip").gauge().value());
        assertEquals(1, registry.get("crowdsec.haproxy.spoa.bouncer.active.decisions").tags("origin", "lists:tor", "ip_type", "ipv6", "scope", "range").gauge().value());
        assertEquals(1, registry.get("crowdsec.haproxy.spoa.bouncer.active.decisions").tags("origin", "cscli", "ip_type", "", "scope", "country").gauge().value());
    }

    @Test
    void settings() {
        MetricsSettings s = MetricsSettings.from(HoconSettings.of("metrics", ""));
        assertEquals(false, s.enabled());
        assertEquals(60601, s.listen().getPort());
        RuntimeException e = assertThrows(RuntimeException.class, () -> MetricsSettings.from(HoconSettings.of("metrics", "listen-address = nope")));
        assertEquals("metrics.listen-address: 'nope' (expected: host:port, e.g. 127.0.0.1:60601)", e.getMessage());
    }
}
