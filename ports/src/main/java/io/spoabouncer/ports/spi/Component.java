package io.spoabouncer.ports.spi;

/** Something with a life: no I/O in constructors; {@link #start()} opens, {@link #stop()} closes. */
public interface Component {
    /** Opens what the component needs; a failure here stops the agent's start with this exception's message. */
    void start() throws Exception;

    /** Releases everything; called once, in reverse start order, even if a later component failed to start. */
    void stop();

    /** What the start log says about this component (addresses, counts). */
    default String describe() {
        return getClass().getSimpleName();
    }
}
