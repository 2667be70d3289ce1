package io.spoabouncer.ports.spi;

/** A feed of decisions: writes them to the {@link io.spoabouncer.ports.out.DecisionSink} of its context. */
public interface DecisionSource extends Component {
    /** True once the first load (or a snapshot of it) has been applied: the agent is then ready. */
    boolean isLoaded();
}
