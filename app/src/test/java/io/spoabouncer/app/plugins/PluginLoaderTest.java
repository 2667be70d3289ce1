package io.spoabouncer.app.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.spoabouncer.app.Agent;
import io.spoabouncer.app.plugins.fixtures.BadNamePlugin;
import io.spoabouncer.app.plugins.fixtures.ClashingPlugin;
import io.spoabouncer.app.plugins.fixtures.LoaderProbePlugin;
import io.spoabouncer.ports.spi.Plugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin that cannot be used stops the start with the file and the cause; a good one is isolated. */
class PluginLoaderTest {
    @TempDir
    Path dir;

    ClassLoader host = PluginLoaderTest.class.getClassLoader();

    static String startFailure(Path pluginsDir) {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> Agent.create(ConfigFactory.parseString("plugins.directory = \"" + pluginsDir + "\"")).close());
        return e.getMessage();
    }

    @Test
    void aCorruptJarIsNamed() throws Exception {
        Files.write(dir.resolve("broken.jar"), new byte[] {1, 2, 3, 4, 5});
        String m = startFailure(dir);
        assertTrue(m.contains("broken.jar") && m.contains("not a valid jar"), m);
    }

    @Test
    void aJarWithoutProviderIsNamed() throws Exception {
        PluginFixtures.jar(dir, "empty.jar", null, ClashingPlugin.class);
        String m = startFailure(dir);
        assertTrue(m.contains("empty.jar") && m.contains("no provider of io.spoabouncer.ports.spi.Plugin"), m);
    }

    @Test
    void aProviderThatCannotLoadIsNamed() throws Exception {
        PluginFixtures.jar(dir, "ghost.jar", "com.example.DoesNotExist");
        String m = startFailure(dir);
        assertTrue(m.contains("ghost.jar") && m.contains("cannot load its provider"), m);
    }

    @Test
    void aNameClashWithABuiltInIsNamed() throws Exception {
        PluginFixtures.jar(dir, "clash.jar", ClashingPlugin.class.getName(), ClashingPlugin.class);
        String m = startFailure(dir);
        assertTrue(m.contains("clash.jar") && m.contains("'file' is already provided by built-in"), m);
    }

    @Test
    void aBadNameIsRefused() throws Exception {
        PluginFixtures.jar(dir, "badname.jar", BadNamePlugin.class.getName(), BadNamePlugin.class, ClashingPlugin.class);
        String m = startFailure(dir);
        assertTrue(m.contains("badname.jar") && m.contains("'Bad Name' does not match"), m);
    }

    @Test
    void anotherSpiVersionIsRefused() throws Exception {
        Path build = Files.createDirectories(dir.resolve("build"));
        Files.move(PluginFixtures.jarBuiltAgainstSpi(build, Plugin.SPI_VERSION - 1), dir.resolve("old.jar"));
        String m = startFailure(dir);
        assertTrue(m.contains("old.jar was built for SPI version " + (Plugin.SPI_VERSION - 1) + " but version " + Plugin.SPI_VERSION
                + " is running"), m);
    }

    /** #29: built against the first SPI, where spiVersion() was a default method: the version message, not an AbstractMethodError. */
    @Test
    void aPluginOfTheFirstSpiIsRefusedWithTheVersionMessage() throws Exception {
        Path build = Files.createDirectories(dir.resolve("build"));
        Files.move(PluginFixtures.jarBuiltAgainstSpi(build, 1, true), dir.resolve("first.jar"));
        String m = startFailure(dir);
        assertTrue(m.contains("first.jar was built for SPI version 1 but version " + Plugin.SPI_VERSION + " is running: rebuild it"), m);
    }

    @Test
    void theSameSpiVersionCompiledIntoAPluginLoads() throws Exception {
        Path build = Files.createDirectories(dir.resolve("build"));
        Files.move(PluginFixtures.jarBuiltAgainstSpi(build, Plugin.SPI_VERSION), dir.resolve("current.jar"));
        List<LoadedPlugin> loaded = PluginLoader.fromDirectory(dir, host);
        assertEquals(1, loaded.size());
        ((PluginClassLoader) loaded.get(0).loader()).close();
    }

    @Test
    void aPluginSharesOnlyTheSpiWithTheHost() throws Exception {
        Path jar = Files.copy(PluginFixtures.exampleJar(), dir.resolve("blocklist-http.jar"));
        List<LoadedPlugin> loaded = PluginLoader.fromDirectory(dir, host);
        assertEquals(1, loaded.size());
        LoadedPlugin p = loaded.get(0);
        assertEquals(jar, p.file());
        ClassLoader loader = p.loader();
        assertTrue(loader instanceof PluginClassLoader);
        assertSame(Plugin.class, loader.loadClass(Plugin.class.getName()), "one identity for SPI types");
        assertSame(io.spoabouncer.domain.decision.Decision.class, loader.loadClass(io.spoabouncer.domain.decision.Decision.class.getName()));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.spoabouncer.app.Agent"));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.spoabouncer.core.remediation.RemediationService"));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("com.google.inject.Injector"));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.netty.buffer.ByteBuf"));
        assertSame(loader, p.plugin().getClass().getClassLoader());
        assertEquals(List.of("blocklist-http"), new PluginRegistry(loaded).names(io.spoabouncer.ports.spi.Kind.DECISION_SOURCE));
        ((PluginClassLoader) loader).close();
    }

    @Test
    void aFolderOfJarsIsOnePlugin_andAFolderWithoutJarsIsSkipped() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("blocklist"));
        Files.copy(PluginFixtures.exampleJar(), folder.resolve("blocklist-http.jar"));
        Files.createDirectories(dir.resolve("sources-only"));
        List<LoadedPlugin> loaded = PluginLoader.fromDirectory(dir, host);
        assertEquals(1, loaded.size());
        assertEquals("blocklist", loaded.get(0).name());
        ((PluginClassLoader) loaded.get(0).loader()).close();
    }

    @Test
    void createStartAndStopRunUnderThePluginsClassLoader() throws Exception {
        PluginFixtures.jar(dir, "probe.jar", LoaderProbePlugin.class.getName(), LoaderProbePlugin.class, LoaderProbePlugin.Probe.class);
        for (String phase : List.of("create", "start", "stop")) {
            System.clearProperty("loader-probe." + phase);
        }
        try (Agent agent = Agent.create(ConfigFactory.parseString("plugins.directory = \"" + dir + "\"\n"
                + "decisions.sources = [loader-probe]\nspoe.listen-tcp = \"127.0.0.1:0\""))) {
            agent.start();
        }
        assertEquals("true", System.getProperty("loader-probe.create"));
        assertEquals("true", System.getProperty("loader-probe.start"));
        assertEquals("true", System.getProperty("loader-probe.stop"));
    }

    @Test
    void aMissingDirectoryMeansNoPlugins() {
        assertEquals(List.of(), PluginLoader.fromDirectory(dir.resolve("absent"), host));
    }
}
