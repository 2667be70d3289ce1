package io.spoabouncer.app.migrate;

import io.spoabouncer.migrate.GoConfigMigration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.spoabouncer.app.Agent;
import io.spoabouncer.app.MainRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Go bouncer's YAML becomes HOCON that passes --check-config, with every unmapped key explained. */
class GoConfigMigrationTest {
    @TempDir
    Path tmp;

    Path copy(String resource, String name) throws IOException {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        try (InputStream in = getClass().getResourceAsStream("/go-bouncer/" + resource)) {
            Files.copy(in, p);
        }
        return p;
    }

    static Config checked(String hocon) {
        Config c = ConfigFactory.parseString(hocon);
        // The same validation --check-config runs.
        Agent.create(c.withFallback(ConfigFactory.parseString("plugins.directory = \"/nonexistent\""))).close();
        return c;
    }

    @Test
    void theGoBouncersExampleConfig() throws Exception {
        Path file = copy("crowdsec-spoa-bouncer.yaml", "crowdsec-spoa-bouncer.yaml");
        String hocon = new GoConfigMigration(Map.of("API_KEY", "key-from-env")).migrate(file);
        Config c = checked(hocon);
        assertEquals("0.0.0.0:9000", c.getString("spoe.listen-tcp"));
        assertEquals("/run/crowdsec-spoa/spoa.sock", c.getString("spoe.listen-unix"));
        assertEquals(List.of("http"), c.getStringList("decisions.sources"));
        assertEquals("http://127.0.0.1:8080/", c.getString("decisions.http.api-url"));
        assertEquals("key-from-env", c.getString("decisions.http.api-key"), "${API_KEY} expanded");
        assertEquals(10_000, c.getDuration("decisions.http.update-frequency").toMillis());
        assertFalse(c.getBoolean("metrics.enabled"));
        assertEquals("127.0.0.1:60601", c.getString("metrics.listen-address"));
        assertEquals("info", c.getString("logging.level"));
        assertTrue(hocon.contains("#   log_compression = true: the agent logs to stderr"), hocon);
        assertTrue(hocon.contains("#   log_max_backups = 3: the agent logs to stderr"), hocon);
    }

    @Test
    void aValueThatIsNotADurationBecomesANote_andABadBinaryTagAnErrorNamingTheFile() throws Exception {
        // both found by fuzzing (GoMigrationFuzzTest): an IllegalArgumentException with no key or file in it
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, "api_url: http://127.0.0.1:8080/\napi_key: k\nupdate_frequency: 10mv\nhosts:\n  - host: a\n    captcha:\n      provider: hcaptcha\n      pending_ttl: x\n");
        String hocon = new GoConfigMigration(Map.of()).migrate(file);
        assertTrue(hocon.contains("update_frequency: '10mv' is not a Go duration"), hocon);
        assertTrue(hocon.contains("captcha.pending_ttl: 'x' is not a Go duration"), hocon);
        ConfigFactory.parseString(hocon);
        Files.writeString(file, "api_key: !!binary not_base64\n");
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> new GoConfigMigration(Map.of()).migrate(file));
        assertTrue(e.getMessage().startsWith(file + ": not valid YAML"), e.getMessage());
    }

    @Test
    void anUnsetVariableIsReadFromTheEnvironmentAtStart() throws Exception {
        Path file = copy("crowdsec-spoa-bouncer.yaml", "go.yaml");
        String hocon = new GoConfigMigration(Map.of()).migrate(file);
        assertTrue(hocon.contains("decisions.http.api-key = ${?API_KEY}"), hocon);
    }

    @Test
    void everyKey_withTheLocalOverlay_hostsDir_andStrictEnvExpansion() throws Exception {
        Path file = copy("every/bouncer.yaml", "every/bouncer.yaml");
        copy("every/bouncer.yaml.local", "every/bouncer.yaml.local");
        copy("every/hosts.d/shop.yaml", "every/hosts.d/shop.yaml");
        copy("every/hosts.d/ignored.yml", "every/hosts.d/ignored.yml");
        String hocon = new GoConfigMigration(Map.of("LAPI_KEY", "lapi-key")).migrate(file);
        Config c = checked(hocon);
        assertEquals("lapi-key", c.getString("decisions.http.api-key"), "$VAR expanded");
        assertEquals(90_000, c.getDuration("decisions.http.update-frequency").toMillis(), "1m30s");
        assertEquals(List.of("ip", "range", "country", "as"), c.getStringList("decisions.http.scopes"));
        assertEquals(List.of("crowdsec", "cscli", "CAPI", "lists"), c.getStringList("decisions.http.origins"));
        assertEquals(List.of("ssh", "http"), c.getStringList("decisions.http.scenarios-containing"));
        assertEquals(List.of("manual"), c.getStringList("decisions.http.scenarios-not-containing"));
        assertEquals("/etc/ssl/certs/ca-certificates.crt", c.getString("decisions.http.ca-cert-path"));
        assertEquals("/var/lib/crowdsec/data/GeoLite2-City.mmdb", c.getString("geo.city-database"));
        assertEquals("http://127.0.0.1:7422/", c.getString("http.appsec.url"));
        assertEquals(300, c.getDuration("http.appsec.timeout").toMillis());
        assertTrue(c.getBoolean("metrics.enabled"));
        assertEquals("0.0.0.0:60601", c.getString("metrics.listen-address"), "the .local overlay wins");
        assertEquals("info", c.getString("logging.level"), "the .local overlay wins");
        List<? extends Config> hosts = c.getConfigList("http.hosts");
        assertEquals(2, hosts.size(), ".yml files in hosts_dir are ignored, as by the Go bouncer");
        Config www = hosts.get(0);
        assertEquals("www.example.com", www.getString("host"));
        assertEquals("mailto:support@example.com", www.getString("ban.contact-us-url"));
        assertEquals("hcaptcha", www.getString("captcha.provider"));
        assertEquals("${UNDEFINED_SECRET}", www.getString("captcha.secret-key"), "an undefined variable is left as written");
        assertEquals(10, www.getDuration("captcha.timeout").toSeconds());
        assertEquals(24, www.getDuration("captcha.passed-ttl").toHours());
        assertEquals("always", www.getString("captcha.cookie.secure"));
        assertFalse(www.getBoolean("captcha.bind-host"), "Go agents' cookies stay valid during the migration");
        assertEquals("host-appsec-key", www.getString("appsec.api-key"));
        assertTrue(www.getBoolean("appsec.always-send"));
        assertEquals("*.shop.example.com", hosts.get(1).getString("host"));
        for (String note : List.of("retry_initial_connect: always on", "pprof: a Go profiler", "workers: removed in the Go bouncer 0.2.0",
                "admin_socket: removed", "hosts[www.example.com].log_level:")) {
            assertTrue(hocon.contains("#   " + note), note + " in\n" + hocon);
        }
    }

    @Test
    void theCommandLine() throws Exception {
        Path file = copy("crowdsec-spoa-bouncer.yaml", "go.yaml");
        Path out = tmp.resolve("spoa-bouncer.conf");
        MainRunner.Result r = MainRunner.run("migrate-config", file.toString(), "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(out).contains("decisions.http.api-url"));
        assertEquals(1, MainRunner.run("migrate-config", tmp.resolve("missing.yaml").toString()).code());
        assertEquals(2, MainRunner.run("migrate-config").code());
    }
}
