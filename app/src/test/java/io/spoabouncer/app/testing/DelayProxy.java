package io.spoabouncer.app.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback between HAProxy and the agent that can hold the agent's answers back: with a
 * delay set, every chunk the agent writes reaches HAProxy that long after the agent wrote it. So the agent
 * is "slower than timeout processing" as a GC pause or an overloaded host makes it, without a line of test
 * code in the agent. With no delay it relays at once; when the agent is down, a connection is closed at
 * once (as a refused connect would be reported to HAProxy).
 */
public final class DelayProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile long delayMillis;

    public DelayProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "delay-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** From now on, the agent's bytes reach HAProxy this late (0: at once). */
    public void delayAnswers(long millis) {
        delayMillis = millis;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket haproxy;
            try {
                haproxy = server.accept();
            } catch (IOException e) {
                return;
            }
            Socket agent;
            try {
                agent = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
            } catch (IOException refused) {
                closeQuietly(haproxy);
                continue;
            }
            open.add(haproxy);
            open.add(agent);
            pump(haproxy, agent, false);
            pump(agent, haproxy, true);
        }
    }

    private void pump(Socket from, Socket to, boolean delayed) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    long due = System.nanoTime() / 1_000_000 + (delayed ? delayMillis : 0);
                    for (long left = due - System.nanoTime() / 1_000_000; left > 0; left = due - System.nanoTime() / 1_000_000) {
                        Thread.sleep(left); // the fault being injected: the agent's answer held back
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // either side went away: close both, as a dead peer would
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "delay-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(DelayProxy::closeQuietly);
    }
}
