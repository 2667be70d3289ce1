package io.spoabouncer.adapter.decisions.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback stand-in for LAPI's faults that a real LAPI cannot be made to produce on demand (5xx,
 * resets, stalls). It answers scripted responses in order, then the last one forever.
 */
final class FakeLapi implements AutoCloseable {
    /** A scripted answer: status and body, or a connection reset, or a stall. */
    record Answer(int status, String body, boolean reset, long stallMillis, boolean stallInBody, Body custom, long untilNanos) {
        Answer(int status, String body, boolean reset, long stallMillis) {
            this(status, body, reset, stallMillis, false, null, 0);
        }

        Answer(int status, String body, boolean reset, long stallMillis, boolean stallInBody) {
            this(status, body, reset, stallMillis, stallInBody, null, 0);
        }

        Answer(int status, String body, boolean reset, long stallMillis, boolean stallInBody, Body custom) {
            this(status, body, reset, stallMillis, stallInBody, custom, 0);
        }

        /** {@code status} to every request until {@code System.nanoTime()} passes {@code untilNanos}; then the next answer. */
        static Answer errorsUntil(long untilNanos, int status) {
            return new Answer(status, "{\"message\":\"error\"}", false, 0, false, null, untilNanos);
        }

        /** An answer written by hand: its own headers, its own bytes, as long as it likes. */
        static Answer custom(Body body) {
            return new Answer(200, "", false, 0, false, body);
        }

        static Answer ok(String body) {
            return new Answer(200, body, false, 0);
        }

        /** Headers and the first half of the body, then nothing for {@code millis} (a LAPI wedged mid-answer). */
        static Answer stallInBody(String body, long millis) {
            return new Answer(200, body, false, millis, true);
        }

        static Answer error(int status) {
            return new Answer(status, "{\"message\":\"error\"}", false, 0);
        }

        static Answer connectionReset() {
            return new Answer(0, "", true, 0);
        }

        static Answer stall(long millis) {
            return new Answer(200, "{\"new\":null,\"deleted\":null}", false, millis);
        }
    }

    /** Writes a whole exchange; exceptions (the agent hung up) end it. */
    interface Body {
        void write(HttpExchange ex) throws IOException;
    }

    private final HttpServer server;
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private volatile Answer last = Answer.ok("{\"new\":null,\"deleted\":null}");
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> keys = new CopyOnWriteArrayList<>();
    final List<String> agents = new CopyOnWriteArrayList<>();

    FakeLapi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-lapi");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    FakeLapi then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.add(ex.getRequestURI().toString());
        keys.add(String.valueOf(ex.getRequestHeaders().getFirst("X-Api-Key")));
        agents.add(String.valueOf(ex.getRequestHeaders().getFirst("User-Agent")));
        Answer head = script.peek();
        if (head != null && head.untilNanos != 0 && System.nanoTime() >= head.untilNanos) {
            script.remove(head);
        }
        head = script.peek();
        Answer a = head != null && head.untilNanos != 0 ? head : script.poll();
        if (a == null) {
            a = last;
        } else {
            last = a.reset || a.stallMillis > 0 || a.custom != null || a.untilNanos != 0 ? last : a;
        }
        if (a.reset) {
            ex.close();
            return;
        }
        if (a.custom != null) {
            try {
                a.custom.write(ex);
            } catch (IOException hungUp) {
                // the agent stopped reading: what a bound is for
            } finally {
                ex.close();
            }
            return;
        }
        if (a.stallInBody) {
            byte[] body = a.body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            try {
                Thread.sleep(a.stallMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        if (a.stallMillis > 0) {
            try {
                Thread.sleep(a.stallMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = a.body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(a.status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
