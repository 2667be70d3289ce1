package io.spoabouncer.archfixture.adapter.metrics;

public class MetricsThing {
}
