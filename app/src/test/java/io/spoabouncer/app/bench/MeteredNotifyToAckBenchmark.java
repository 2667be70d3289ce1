package io.spoabouncer.app.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spoabouncer.adapter.metrics.MicrometerMetrics;
import io.spoabouncer.adapter.spoe.bench.NotifyToAckBenchmark;
import io.spoabouncer.domain.decision.Remediation;
import io.spoabouncer.domain.http.CaptchaPolicy;
import io.spoabouncer.domain.http.HostMatcher;
import io.spoabouncer.domain.http.HostPolicy;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.in.RequestHandler;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.CaptchaVerifier;
import io.spoabouncer.ports.out.GeoLocator;
import io.spoabouncer.core.http.HttpRemediation;
import io.spoabouncer.core.remediation.RemediationService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The same request path as {@link NotifyToAckBenchmark} as the agent runs it: Micrometer metrics on
 * (metrics.enabled = true) and per-host HTTP settings (a ban contact URL, a captcha policy) matched on the
 * Host header.
 */
public class MeteredNotifyToAckBenchmark extends NotifyToAckBenchmark {
    @Override
    protected AgentMetrics metrics() {
        return new MicrometerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    @Override
    protected RequestHandler handler(DecisionStore store, AgentMetrics metrics) {
        CaptchaPolicy pow = new CaptchaPolicy(io.spoabouncer.domain.http.CaptchaProvider.POW, "", "", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(30), Duration.ofHours(24), CaptchaPolicy.CookieSecure.AUTO, true, true, false, 18, Duration.ofMinutes(5),
                Duration.ofSeconds(1), "", Remediation.BAN);
        HostMatcher hosts = new HostMatcher(List.of(new HostPolicy("www.example.com", "mailto:security@example.com", pow),
                new HostPolicy("*", "", null)));
        return new RemediationService(store, GeoLocator.NONE, metrics,
                new HttpRemediation(hosts, Remediation.BAN, CaptchaVerifier.NONE, metrics, System::currentTimeMillis),
                new io.spoabouncer.core.usage.UsageTally());
    }
}
