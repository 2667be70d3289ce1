package io.spoabouncer.adapter.decisions.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.spoabouncer.decisions.json.DecisionFields;
import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The source's decisions on disk, so protection survives a restart while LAPI is down. Written to a
 * temporary file, flushed to disk, then renamed over the old one: a crash never leaves half a snapshot.
 * Decisions already expired are dropped on load.
 */
final class DecisionSnapshot {
    static final String FORMAT = "spoa-bouncer-decisions";
    private static final JsonFactory JSON = new JsonFactory();

    private final Path path;

    DecisionSnapshot(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    void write(Collection<Decision> decisions, long nowMillis) throws IOException {
        write(decisions::forEach, nowMillis);
    }

    /** Writes what {@code decisions} visits, one at a time (the store is never copied into a list). */
    void write(Consumer<Consumer<Decision>> decisions, long nowMillis) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(ch);
                try (JsonGenerator g = JSON.createGenerator(out)) {
                    g.writeStartObject();
                    g.writeStringField("format", FORMAT);
                    g.writeNumberField("version", 1);
                    g.writeNumberField("written_at", nowMillis);
                    g.writeArrayFieldStart("decisions");
                    IOException[] failed = {null};
                    decisions.accept(d -> {
                        if (failed[0] == null) {
                            try {
                                writeOne(g, d);
                            } catch (IOException e) {
                                failed[0] = e;
                            }
                        }
                    });
                    if (failed[0] != null) {
                        throw failed[0];
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                    g.flush();
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeOne(JsonGenerator g, Decision d) throws IOException {
                        g.writeStartObject();
                        g.writeStringField("scope", d.scope().crowdsecName());
                        g.writeStringField("value", d.value());
                        g.writeStringField("type", d.type().name());
                        g.writeStringField("origin", d.origin());
                        g.writeStringField("scenario", d.scenario());
                        if (d.expiresAtMillis() != Decision.NEVER_EXPIRES) {
                            g.writeNumberField("expires_at", d.expiresAtMillis());
                        }
                        g.writeEndObject();
    }

    /** Removes what a write cut short left behind (the agent killed mid-write): only the renamed file counts. */
    private void clearTemporaries() {
        Path dir = path.toAbsolutePath().getParent();
        String prefix = path.getFileName().toString();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".tmp")) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a read-only directory: the leftovers stay, harmless; the snapshot itself is still read
        }
    }

    /** The live decisions of the snapshot; an empty list when there is none. */
    List<Decision> read(DecisionFactory factory, String source, long nowMillis) throws IOException {
        List<Decision> out = new ArrayList<>();
        read(factory, source, nowMillis, out::add);
        return out;
    }

    /** Hands each live decision of the snapshot to {@code out} as it is read; returns how many. */
    int read(DecisionFactory factory, String source, long nowMillis, Consumer<Decision> out) throws IOException {
        int n = 0;
        clearTemporaries();
        if (!Files.exists(path)) {
            return 0;
        }
        try (InputStream in = Files.newInputStream(path); JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(path + ": not a decisions snapshot");
            }
            boolean formatSeen = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("format")) {
                    formatSeen = FORMAT.equals(p.getText());
                } else if (name.equals("decisions") && t == JsonToken.START_ARRAY) {
                    DecisionFields f = new DecisionFields();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        f.read(p, null);
                        long expires = f.expiresAt == DecisionFields.NO_EXPIRY_FIELD ? Decision.NEVER_EXPIRES : f.expiresAt;
                        if (expires > nowMillis) {
                            try {
                                out.accept(factory.create(f.scope, f.value, f.type, f.origin == null ? "" : f.origin,
                                        f.scenario == null ? "" : f.scenario, expires, source));
                                n++;
                            } catch (IllegalArgumentException e) {
                                // A value this version cannot read: skip it, LAPI will resend what is live.
                            }
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (!formatSeen) {
                throw new IOException(path + ": not a decisions snapshot (no \"format\": \"" + FORMAT + "\")");
            }
        }
        return n;
    }
}
