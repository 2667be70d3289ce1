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

    /**
     * A plugin jar compiled, as a plugin author would, against an SPI whose {@code Plugin.SPI_VERSION} is
     * {@code version}: the source of {@code Plugin} is given to javac with that constant, the plugin class
     * is compiled against it (javac copies the constant into the plugin), and only the plugin goes in the jar.
     */
    static Path jarBuiltAgainstSpi(Path dir, int version) throws IOException {
        return jarBuiltAgainstSpi(dir, version, false);
    }

    /**
     * @param firstSpi as the first SPI had it: {@code spiVersion()} a default method (returning 1), which
     *                 the plugin does not implement
     */
    static Path jarBuiltAgainstSpi(Path dir, int version, boolean firstSpi) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/io/spoabouncer/ports/spi"));
        Path pluginSrc = Files.createDirectories(dir.resolve("src/example"));
        Files.writeString(src.resolve("Plugin.java"), "package io.spoabouncer.ports.spi;\n"
                + "public interface Plugin {\n int SPI_VERSION = " + version + ";\n"
                + (firstSpi ? " default int spiVersion() { return 1; }\n" : " int spiVersion();\n")
                + " java.util.List<Factory<?, ?>> factories();\n}\n");
        Files.writeString(pluginSrc.resolve("OtherSpiPlugin.java"), "package example;\n"
                + "public final class OtherSpiPlugin implements io.spoabouncer.ports.spi.Plugin {\n"
                + (firstSpi ? "" : " public int spiVersion() { return SPI_VERSION; }\n")
                + " public java.util.List<io.spoabouncer.ports.spi.Factory<?, ?>> factories() { return java.util.List.of(); }\n}\n");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("Plugin.java").toString(), pluginSrc.resolve("OtherSpiPlugin.java").toString());
        if (rc != 0) {
            throw new AssertionError("javac failed: " + rc);
        }
        Path jar = dir.resolve("other-spi.jar");
        try (OutputStream f = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(f)) {
            out.putNextEntry(new JarEntry("example/OtherSpiPlugin.class"));
            out.write(Files.readAllBytes(classes.resolve("example/OtherSpiPlugin.class")));
            out.closeEntry();
            out.putNextEntry(new JarEntry("META-INF/services/io.spoabouncer.ports.spi.Plugin"));
            out.write("example.OtherSpiPlugin\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    /** The example plugin built by the reactor (examples/plugins/blocklist-http). */
    static Path exampleJar() throws IOException {
        Path target = Path.of(System.getProperty("spoa.examplePluginDir", "../examples/plugins/blocklist-http/target"));
        try (var s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().matches("blocklist-http-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().contains("-tests"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("example plugin jar not built in " + target.toAbsolutePath()));
        }
    }
}
