package io.spoabouncer.adapter.challenge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.spoabouncer.ports.in.ChallengeRelay;
import io.spoabouncer.ports.spi.ChallengeContext;
import io.spoabouncer.ports.spi.ChallengeListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code http.challenge.listen}: plain HTTP, for HAProxy only. Each request is handed to the core's
 * {@link ChallengeRelay} as it arrived (HAProxy's {@code X-Crowdsec-Real-Src} apart), its body bounded by
 * {@code max-body}; the reply goes back with every {@code Set-Cookie} kept apart. A small pool of threads
 * waits on AppSec; the SPOE event loops never do.
 */
final class ChallengeHttpListener implements ChallengeListener {
    static final String REAL_SRC = "X-Crowdsec-Real-Src";
    private static final Logger log = LoggerFactory.getLogger(ChallengeHttpListener.class);

    private final ChallengeHttpSettings settings;
    private final ChallengeContext context;
    private HttpServer server;
    private ExecutorService workers;

    ChallengeHttpListener(ChallengeHttpSettings settings, ChallengeContext context) {
        this.settings = settings;
        this.context = context;
    }

    @Override
    public void start() throws IOException {
        if (settings.listen() == null) {
            return;
        }
        ChallengeRelay relay = context.relay();
        workers = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "challenge-http");
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(settings.listen(), 128);
        server.createContext("/", exchange -> serve(exchange, relay));
        server.setExecutor(workers);
        server.start();
    }

    int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    private void serve(HttpExchange ex, ChallengeRelay relay) throws IOException {
        try (ex) {
            byte[] body = readBody(ex.getRequestBody());
            if (body == null) {
                reply(ex, ChallengeRelay.Reply.plain(413, "Request Entity Too Large"));
                return;
            }
            List<String[]> headers = new ArrayList<>();
            String realSrc = null;
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                for (String v : h.getValue()) {
                    if (h.getKey().equalsIgnoreCase(REAL_SRC)) {
                        realSrc = v;
                    } else {
                        headers.add(new String[] {h.getKey(), v});
                    }
                }
            }
            String protocol = ex.getProtocol();
            ChallengeRelay.Request request = new ChallengeRelay.Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                    ex.getRequestURI().getRawQuery(), protocol.startsWith("HTTP/") ? protocol.substring(5) : "1.1", headers, body, realSrc);
            ChallengeRelay.Reply reply;
            try {
                reply = relay.handle(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply = ChallengeRelay.Reply.plain(503, "Service Unavailable");
            } catch (Exception e) {
                log.warn("challenge listener: {} {}: {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e.toString());
                reply = ChallengeRelay.Reply.plain(500, "Internal Server Error");
            }
            reply(ex, reply);
        }
    }

    /** The body, or null when it is over max-body. */
    private byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxBody() + 1));
        return body.length > settings.maxBody() ? null : body;
    }

    private static void reply(HttpExchange ex, ChallengeRelay.Reply reply) throws IOException {
        for (String[] h : reply.headers()) {
            ex.getResponseHeaders().add(h[0], h[1]);
        }
        byte[] body = reply.body();
        ex.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    @Override
    public String describe() {
        return settings.listen() == null ? "challenge listener (off: http.challenge.listen is empty; AppSec challenges are bans)"
                : "challenge listener on " + (server == null ? settings.listen() : new InetSocketAddress(settings.listen().getAddress(), port()));
    }
}
