package io.spoabouncer.app.testing;

/**
 * The agent (in-process, from a HOCON snippet), a recording backend, and Debian's HAProxy on one of the
 * shipped example configs pointed at both: what the end-to-end tests run against.
 */
public final class Stack implements AutoCloseable {
    public final RunningAgent agent;
    public final RecordingBackend backend;
    public final Haproxy haproxy;
    public final int frontend;

    private Stack(RunningAgent agent, RecordingBackend backend, Haproxy haproxy, int frontend) {
        this.agent = agent;
        this.backend = backend;
        this.haproxy = haproxy;
        this.frontend = frontend;
    }

    /** @param haproxyConfig an example under examples/haproxy (haproxy.cfg, haproxy-lua.cfg) */
    public static Stack start(String haproxyConfig, String agentHocon) throws Exception {
        Haproxy.requireInstalled();
        RunningAgent agent = new RunningAgent(agentHocon);
        RecordingBackend backend = null;
        try {
            backend = new RecordingBackend();
            int frontend = Ports.free();
            Haproxy haproxy = Haproxy.start(Examples.haproxyConfig(haproxyConfig, frontend, backend.port(), agent.port()),
                    Examples.haproxyFiles(), frontend);
            return new Stack(agent, backend, haproxy, frontend);
        } catch (Exception | AssertionError e) {
            if (backend != null) {
                backend.close();
            }
            agent.close();
            throw e;
        }
    }

    @Override
    public void close() {
        haproxy.close();
        backend.close();
        agent.close();
    }
}
