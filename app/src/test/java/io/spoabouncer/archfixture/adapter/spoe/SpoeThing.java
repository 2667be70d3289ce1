package io.spoabouncer.archfixture.adapter.spoe;

/** Breaks "adapters are independent" and "nothing depends on app". */
public class SpoeThing {
    io.spoabouncer.archfixture.adapter.metrics.MetricsThing metrics;
    io.spoabouncer.archfixture.app.AppThing app;
}
