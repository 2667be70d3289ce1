package io.spoabouncer.ports.spi;

/** Creates a decision source named in {@code decisions.sources}; its settings are {@code decisions.<name>}. */
public interface DecisionSourceFactory {
    /** Lower-case letters, digits, '-' and '_', starting with a letter; unique among all plugins. */
    String name();

    /**
     * Reads and validates every setting (throwing {@link ConfigurationException} for a bad one) and
     * returns an unstarted source. Must do no I/O.
     */
    DecisionSource create(SourceContext context);
}
