package io.spoabouncer.app.testing;

import com.typesafe.config.ConfigFactory;
import io.spoabouncer.adapter.spoe.server.SpoeServer;
import io.spoabouncer.app.Agent;

/** The agent started in-process on a free port, from a HOCON snippet layered over the defaults. */
public final class RunningAgent implements AutoCloseable {
    public final Agent agent;

    public RunningAgent(String hocon) {
        agent = Agent.create(ConfigFactory.parseString("spoe.listen-tcp = \"127.0.0.1:0\"\n" + hocon));
        agent.start();
    }

    public int port() {
        return ((SpoeServer) agent.transport()).tcpPort();
    }

    @Override
    public void close() {
        agent.close();
    }
}
