package io.spoabouncer.app.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spoabouncer.adapter.metrics.MicrometerMetrics;
import io.spoabouncer.adapter.spoe.bench.NotifyToAckBenchmark;
import io.spoabouncer.ports.out.AgentMetrics;

/** The same request path as {@link NotifyToAckBenchmark}, with Micrometer metrics on (as metrics.enabled = true). */
public class MeteredNotifyToAckBenchmark extends NotifyToAckBenchmark {
    @Override
    protected AgentMetrics metrics() {
        return new MicrometerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }
}
