package io.spoabouncer.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spoabouncer.app.testing.Examples;
import io.spoabouncer.app.testing.Haproxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped HAProxy config passes {@code haproxy -c} with no warning and no alert, as users lay it out
 * (only its paths moved under target/), under each no-verdict policy: Debian's 2.6 always, and a 3.x binary
 * wherever one is given ({@code HAPROXY3=/path/to/haproxy}), since the same files serve both (their 3.1+
 * lines sit under {@code .if version_atleast(3.1)}).
 */
class ShippedConfigsCheckTest {
    static final List<String> SHIPPED = List.of("haproxy.cfg", "haproxy-lua.cfg", "haproxy-native.cfg");

    static Stream<Arguments> checks() {
        List<String> binaries = new ArrayList<>(List.of("/usr/sbin/haproxy")); // Debian 12's 2.6
        String haproxy3 = System.getenv("HAPROXY3");
        if (haproxy3 != null && !haproxy3.isBlank()) {
            binaries.add(haproxy3);
        }
        List<Arguments> out = new ArrayList<>();
        for (String binary : binaries) {
            for (String config : SHIPPED) {
                for (String policy : List.of("map", "closed")) {
                    out.add(Arguments.of(binary, config, policy));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} -c {1} (CROWDSEC_NO_VERDICT={2})")
    @MethodSource("checks")
    void passesHaproxyCheckWithoutAWarning(String binary, String config, String policy) throws Exception {
        Haproxy.requireInstalled();
        Path dir = Files.createDirectories(Path.of("target", "shipped-configs", Path.of(binary).getFileName() + "-" + config + "-" + policy)).toAbsolutePath();
        for (Map.Entry<String, String> f : Examples.haproxyFiles().entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue().replace("@DIR@", dir.toString()));
        }
        String text = Examples.read("haproxy/" + config).replace("/run/haproxy/admin.sock", "@DIR@/admin.sock");
        Files.writeString(dir.resolve("haproxy.cfg"), Examples.paths(text).replace("@DIR@", dir.toString()));

        ProcessBuilder pb = new ProcessBuilder(binary, "-c", "-f", dir.resolve("haproxy.cfg").toString()).redirectErrorStream(true);
        pb.environment().put("CROWDSEC_NO_VERDICT", policy);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.lines().noneMatch(l -> l.contains("[WARNING]") || l.contains("[ALERT]")), out);
    }
}
