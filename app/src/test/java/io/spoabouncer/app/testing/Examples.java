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
                "crowdsec-native.cfg", read("haproxy/crowdsec-native.cfg"),
                // The decision map the fail-safe configs fall back on (the package creates it empty).
                "crowdsec-decisions.map", "",
                "crowdsec-captcha-keys.map", "",
                "crowdsec/unavailable.html", read("haproxy/crowdsec/unavailable.html"),
                "crowdsec/ban.html", read("haproxy/crowdsec/ban.html"),
                "crowdsec/ban-with-contact.html", read("haproxy/crowdsec/ban-with-contact.html"),
                "crowdsec/captcha.html", read("haproxy/crowdsec/captcha.html"),
                "crowdsec/lua/crowdsec.lua", read("haproxy/lua/crowdsec.lua"));
    }

    /**
     * The shipped config for a fleet: every agent behind both of its agent backends (SPOE and challenge),
     * each backend balanced round robin on its own, as the README's fleet layout has it.
     */
    public static String haproxyFleetConfig(String name, int frontendPort, int backendPort, int[] spoePorts, int[] challengePorts) throws IOException {
        String cfg = haproxyConfig(name, frontendPort, backendPort, spoePorts[0]);
        StringBuilder spoe = new StringBuilder();
        StringBuilder challenge = new StringBuilder();
        for (int i = 0; i < spoePorts.length; i++) {
            spoe.append("    server agent").append(i + 1).append(" 127.0.0.1:").append(spoePorts[i]).append(" check inter 2s\n");
            challenge.append("    server challenge").append(i + 1).append(" 127.0.0.1:").append(challengePorts[i]).append("\n");
        }
        return cfg.replace("    server agent1 127.0.0.1:" + spoePorts[0] + " check inter 2s\n", spoe.toString())
                .replace("    server challenge1 127.0.0.1:9100\n", challenge.toString());
    }

    /**
     * The shipped haproxy.cfg with its addresses and paths pointed at this test's processes: the files it
     * names under /etc/haproxy/ and /var/lib/spoa-bouncer/ (the decision map) in the run directory, its
     * Runtime API socket replaced by the one {@link Haproxy} adds.
     */
    public static String haproxyConfig(String name, int frontendPort, int backendPort, int agentPort) throws IOException {
        return haproxyConfigText(read("haproxy/" + name), frontendPort, backendPort, agentPort);
    }

    /** {@link #haproxyConfig} for a config's text. */
    public static String haproxyConfigText(String config, int frontendPort, int backendPort, int agentPort) {
        return paths(config)
                .replace("bind *:8080", "bind 127.0.0.1:" + frontendPort)
                .replace("127.0.0.1:8081", "127.0.0.1:" + backendPort)
                .replace("127.0.0.1:9000", "127.0.0.1:" + agentPort);
    }

    /** A shipped config's file paths pointed at the run directory ({@code @DIR@}), its stats socket left to {@link Haproxy}. */
    public static String paths(String config) {
        return config.replace("/etc/haproxy/", "@DIR@/").replace("/var/lib/spoa-bouncer/", "@DIR@/")
                .replaceFirst("(?m)^\\s*stats socket /run/haproxy/admin.sock .*\n", "");
    }
}
