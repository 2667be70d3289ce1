package io.spoabouncer.adapter.geo.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** MaxMind's small test databases (known answers; see geoip/README.md), copied where a test wants them. */
public final class GeoDatabases {
    private GeoDatabases() {
    }

    public static Path copy(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = GeoDatabases.class.getResourceAsStream("/geoip/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }
}
