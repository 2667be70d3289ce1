package io.spoabouncer.app.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The upstream application behind HAProxy: answers 200 and records the headers it received. */
public final class RecordingBackend implements AutoCloseable {
    private final HttpServer server;
    public final List<Map<String, List<String>>> requests = new CopyOnWriteArrayList<>();
    /** The path of every request received, in order. */
    public final List<String> paths = new CopyOnWriteArrayList<>();

    public RecordingBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(Map.copyOf(exchange.getRequestHeaders()));
            paths.add(exchange.getRequestURI().getPath());
            byte[] body = ("hello from backend " + exchange.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The last value of a header (case-insensitive) in the last request. */
    public String lastHeader(String name) {
        if (requests.isEmpty()) {
            return null;
        }
        for (Map.Entry<String, List<String>> e : requests.get(requests.size() - 1).entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().get(e.getValue().size() - 1);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
