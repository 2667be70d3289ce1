package io.spoabouncer.app.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Writes plugin jars for tests from classes compiled with the tests. */
final class PluginFixtures {
    private PluginFixtures() {
    }

    /** A jar holding the given classes and, if {@code provider} is not null, a service file naming it. */
    static Path jar(Path dir, String name, String provider, Class<?>... classes) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream f = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(f)) {
            for (Class<?> c : classes) {
                String entry = c.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            if (provider != null) {
                out.putNextEntry(new JarEntry("META-INF/services/io.spoabouncer.ports.spi.Plugin"));
                out.write((provider + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The example plugin built by the reactor (plugins/blocklist-http). */
    static Path exampleJar() throws IOException {
        Path target = Path.of(System.getProperty("spoa.examplePluginDir", "../plugins/blocklist-http/target"));
        try (var s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().matches("blocklist-http-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().contains("-tests"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("example plugin jar not built in " + target.toAbsolutePath()));
        }
    }
}
