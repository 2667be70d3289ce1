package io.spoabouncer.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.app.MainRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: --check-config exit codes, --version, --help, bad arguments. */
class MainTest {
    @TempDir
    Path tmp;

    @Test
    void checkConfigExitsZeroOnAValidFile() throws Exception {
        Path cfg = tmp.resolve("ok.conf");
        Files.writeString(cfg, "spoe.listen-tcp = \"127.0.0.1:9999\"\nplugins.directory = \"" + tmp.resolve("p") + "\"\n");
        MainRunner.Result r = MainRunner.run("--config", cfg.toString(), "--check-config");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("configuration is valid"));
    }

    @Test
    void checkConfigExitsOneAndExplains() throws Exception {
        Path cfg = tmp.resolve("bad.conf");
        Files.writeString(cfg, "spoe { listen-tcp = \"127.0.0.1:9999\", worker-thread = 4 }\n");
        MainRunner.Result r = MainRunner.run("--config", cfg.toString(), "--check-config");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("spoe.worker-thread: unknown key. Did you mean 'spoe.worker-threads'?"), r.err());
        assertTrue(r.err().contains(cfg.toString()), "the message names the file: " + r.err());
    }

    @Test
    void aMissingConfigFileIsAnError() {
        MainRunner.Result r = MainRunner.run("--config", tmp.resolve("nope.conf").toString(), "--check-config");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void aSyntaxErrorNamesTheFile() throws Exception {
        Path cfg = tmp.resolve("syntax.conf");
        Files.writeString(cfg, "spoe { listen-tcp = \n");
        MainRunner.Result r = MainRunner.run("--config", cfg.toString(), "--check-config");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("syntax.conf"), r.err());
    }

    @Test
    void versionAndHelp() {
        MainRunner.Result v = MainRunner.run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("spoa-bouncer "), v.out());
        MainRunner.Result h = MainRunner.run("--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("--check-config"));
    }

    @Test
    void unknownArgumentsAreRefused() {
        MainRunner.Result r = MainRunner.run("--frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown argument '--frobnicate'"));
    }
}
