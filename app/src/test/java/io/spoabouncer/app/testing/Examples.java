package io.spoabouncer.app.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's shipped examples, read by tests so what users copy is what is tested. */
public final class Examples {
    private Examples() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("spoa.examplesDir", "../examples"));
    }

    public static String read(String relative) throws IOException {
        return Files.readString(dir().resolve(relative));
    }

    /** The shipped haproxy.cfg with its addresses and paths pointed at this test's processes. */
    public static String haproxyConfig(String name, int frontendPort, int backendPort, int agentPort) throws IOException {
        return read("haproxy/" + name)
                .replace("bind *:8080", "bind 127.0.0.1:" + frontendPort)
                .replace("127.0.0.1:8081", "127.0.0.1:" + backendPort)
                .replace("127.0.0.1:9000", "127.0.0.1:" + agentPort)
                .replace("/etc/haproxy/", "@DIR@/");
    }
}
