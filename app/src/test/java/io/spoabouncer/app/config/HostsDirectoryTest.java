package io.spoabouncer.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.spoabouncer.app.Agent;
import io.spoabouncer.core.http.HostsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsDirectoryTest {
    @TempDir
    Path tmp;

    Agent agent(Path dir, String extra) {
        return Agent.create(ConfigFactory.parseString("plugins.directory = \"" + tmp.resolve("none") + "\"\nspoe.listen-tcp = \"127.0.0.1:0\"\n"
                + "http.hosts-dir = \"" + dir + "\"\n" + extra));
    }

    @Test
    void oneFilePerHost_hoconAndTheGoBouncersYaml_mergedWithHosts() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("hosts.d"));
        Files.writeString(dir.resolve("10-shop.conf"), "host = \"shop.example.com\"\nban.contact-us-url = \"mailto:shop@example.com\"\n");
        Files.writeString(dir.resolve("20-blog.yaml"), "host: blog.example.com\nban:\n  contact_us_url: mailto:blog@example.com\n");
        Files.writeString(dir.resolve("README"), "not a host");
        try (Agent a = agent(dir, "http.hosts = [{host = \"*\"}]")) {
            HostsSettings hosts = a.instance(HostsSettings.class);
            assertEquals(3, hosts.hosts().size());
            assertEquals("*", hosts.hosts().get(0).pattern());
            assertEquals("shop.example.com", hosts.hosts().get(1).pattern());
            assertEquals("mailto:shop@example.com", hosts.hosts().get(1).contactUsUrl());
            assertEquals("blog.example.com", hosts.hosts().get(2).pattern());
            assertEquals("mailto:blog@example.com", hosts.hosts().get(2).contactUsUrl());
        }
    }

    @Test
    void aHostFileIsValidatedLikeTheRest() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bad.d"));
        Files.writeString(dir.resolve("shop.conf"), "host = shop\ncaptcha { provider = hcapcha }\n");
        Files.writeString(dir.resolve("broken.conf"), "host = {{{");
        RuntimeException e = assertThrows(RuntimeException.class, () -> agent(dir, "").close());
        assertTrue(e.getMessage().contains("broken.conf"), e.getMessage());
        Files.delete(dir.resolve("broken.conf"));
        RuntimeException e2 = assertThrows(RuntimeException.class, () -> agent(dir, "").close());
        assertTrue(e2.getMessage().contains("http.hosts[0].captcha.provider: unknown captcha provider 'hcapcha'. Did you mean 'hcaptcha'?"), e2.getMessage());
        assertTrue(assertThrows(RuntimeException.class, () -> agent(tmp.resolve("absent"), "").close()).getMessage()
                .contains("is not a directory"));
    }
}
