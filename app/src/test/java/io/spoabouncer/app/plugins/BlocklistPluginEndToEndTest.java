package io.spoabouncer.app.plugins;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.spoabouncer.app.testing.RunningAgent;
import io.spoabouncer.app.testing.SpopClient;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example plugin jar, dropped into a temporary plugins folder: the agent loads it, pulls a blocklist
 * from a loopback HTTP server, and answers SPOP requests from it; a changed list is applied at the next pull.
 */
class BlocklistPluginEndToEndTest {
    @TempDir
    Path tmp;

    @Test
    void decisionsFromThePluginAreEnforced() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(PluginFixtures.exampleJar(), plugins.resolve("blocklist-http.jar"));
        AtomicReference<String> list = new AtomicReference<>("# test list\n203.0.113.7\n198.18.0.0/15 ; a range\nnot-an-ip\n");
        AtomicInteger pulls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/list.txt", ex -> {
            pulls.incrementAndGet();
            byte[] body = list.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/list.txt";
        try (RunningAgent agent = new RunningAgent("plugins.directory = \"" + plugins + "\"\n"
                + "decisions.sources = [blocklist-http]\n"
                + "decisions.blocklist-http { urls = [\"" + url + "\"], interval = 1s }\n");
             SpopClient client = new SpopClient(agent.port())) {
            await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> agent.agent.store().size() == 2);
            assertEquals("ban", client.checkIp("203.0.113.7").get("remediation"));
            assertEquals("ban", client.checkIp("198.19.255.1").get("remediation"));
            assertEquals("allow", client.checkIp("203.0.113.8").get("remediation"));
            list.set("203.0.113.8\n");
            await().atMost(30, java.util.concurrent.TimeUnit.SECONDS).until(() -> agent.agent.store().size() == 1 && pulls.get() >= 2);
            assertEquals("allow", client.checkIp("203.0.113.7").get("remediation"));
            assertEquals("ban", client.checkIp("203.0.113.8").get("remediation"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void pluginSettingsAreValidatedWithTheirPath() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        Files.copy(PluginFixtures.exampleJar(), plugins.resolve("blocklist-http.jar"));
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> new RunningAgent(
                "plugins.directory = \"" + plugins + "\"\ndecisions.sources = [blocklist-http]\n"
                        + "decisions.blocklist-http { urls = [\"ftp://x\"], intervall = 1s }\n"));
        assertTrue(e.getMessage().contains("decisions.blocklist-http.intervall: unknown key. Did you mean 'decisions.blocklist-http.interval'?"),
                e.getMessage());
    }

}
