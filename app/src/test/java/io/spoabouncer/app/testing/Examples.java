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

    /** Every file the shipped HAProxy configs reference (SPOE file, pages, Lua), by their path under /etc/haproxy/. */
    public static java.util.Map<String, String> haproxyFiles() throws IOException {
        return java.util.Map.of("crowdsec.cfg", read("haproxy/crowdsec.cfg"),
                "crowdsec/ban.html", read("haproxy/crowdsec/ban.html"),
                "crowdsec/captcha.html", read("haproxy/crowdsec/captcha.html"),
                "crowdsec/lua/crowdsec.lua", read("haproxy/lua/crowdsec.lua"));
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
