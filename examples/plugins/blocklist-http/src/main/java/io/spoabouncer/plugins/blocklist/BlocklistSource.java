package io.spoabouncer.plugins.blocklist;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.ports.out.DecisionSink;
import io.spoabouncer.ports.spi.DecisionSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pulls each list at the interval and publishes the union. A list that fails (network, status, too big)
 * keeps its last good content; conditional requests (ETag / Last-Modified) avoid re-downloading.
 */
final class BlocklistSource implements DecisionSource {
    // The plugin bundles nothing: it logs through the JDK's System.Logger, no logging library of its own.
    private static final System.Logger log = System.getLogger(BlocklistSource.class.getName());

    private final BlocklistSettings settings;
    private final String name;
    private final DecisionSink sink;
    private final DecisionFactory factory;
    private final Map<URI, List<Decision>> lists = new LinkedHashMap<>();
    private final Map<URI, String[]> validators = new LinkedHashMap<>();
    private HttpClient client;
    private ScheduledExecutorService scheduler;
    private volatile boolean loaded;

    BlocklistSource(BlocklistSettings settings, String name, DecisionSink sink, DecisionFactory factory) {
        this.settings = settings;
        this.name = name;
        this.sink = sink;
        this.factory = factory;
    }

    @Override
    public void start() {
        client = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NORMAL).build();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "decisions-" + name);
            t.setDaemon(true);
            return t;
        });
        // The first pull runs in the background: an unreachable list must not stop the agent's start.
        scheduler.scheduleWithFixedDelay(this::pullAll, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void pullAll() {
        boolean changed = false;
        for (URI url : settings.urls()) {
            try {
                List<Decision> got = pull(url);
                sink.pulled(true);
                if (got != null) {
                    lists.put(url, got);
                    changed = true;
                }
            } catch (IOException | RuntimeException e) {
                sink.pulled(false);
                log.log(System.Logger.Level.WARNING, "blocklist " + url + ": " + e + "; keeping its previous " + lists.getOrDefault(url, List.of()).size() + " entries");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (changed) {
            List<Decision> all = new ArrayList<>();
            lists.values().forEach(all::addAll);
            sink.replace(all);
             log.log(System.Logger.Level.INFO, "decision source " + name + ": " + sink.size() + " decisions from " + settings.urls().size() + " list(s)");
        }
        loaded = true;
    }

    /** The list's decisions, or null when unchanged since the last pull. */
    private List<Decision> pull(URI url) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(settings.timeout()).header("User-Agent", settings.userAgent());
        String[] v = validators.get(url);
        if (v != null) {
            if (v[0] != null) {
                request.header("If-None-Match", v[0]);
            }
            if (v[1] != null) {
                request.header("If-Modified-Since", v[1]);
            }
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() == 304) {
                return null;
            }
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode());
            }
            long expires = settings.duration().isZero() ? Decision.NEVER_EXPIRES : System.currentTimeMillis() + settings.duration().toMillis();
            List<Decision> out = new ArrayList<>();
            int rejected = 0;
            long bytes = 0;
            BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                bytes += line.length() + 1;
                if (bytes > settings.maxBytes()) {
                    throw new IOException("list larger than max-bytes " + settings.maxBytes());
                }
                String value = entry(line);
                if (value.isEmpty()) {
                    continue;
                }
                try {
                    out.add(factory.create(value.contains("/") ? "Range" : "Ip", value, settings.type(), settings.origin(),
                            url.getHost(), expires, name));
                } catch (IllegalArgumentException e) {
                    rejected++;
                }
            }
            if (rejected > 0) {
                sink.rejected(rejected);
                log.log(System.Logger.Level.WARNING, "blocklist " + url + ": " + rejected + " lines are not an IP or CIDR and were skipped");
            }
            validators.put(url, new String[] {
                response.headers().firstValue("ETag").orElse(null),
                response.headers().firstValue("Last-Modified").orElse(null)});
            return out;
        }
    }

    /** The IP or CIDR of a line: comments (#, ;) and anything after whitespace dropped. */
    static String entry(String line) {
        String s = line;
        int cut = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '#' || c == ';') {
                cut = i;
                break;
            }
        }
        s = s.substring(0, cut).trim();
        String[] parts = s.split("\\s+", 2);
        return parts[0];
    }

    @Override
    public boolean isLoaded() {
        return loaded;
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public String describe() {
        return "decision source '" + name + "' (blocklists " + settings.urls() + " every " + settings.interval().toSeconds() + "s)";
    }
}
