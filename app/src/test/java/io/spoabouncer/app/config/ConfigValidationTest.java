package io.spoabouncer.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.spoabouncer.app.Agent;
import io.spoabouncer.ports.spi.ConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad configuration stops the start with the key's path and the problem, before anything opens. */
class ConfigValidationTest {
    static RuntimeException failure(String hocon) {
        Config user = ConfigFactory.parseString(hocon + "\nplugins.directory = \"/nonexistent-plugins\"");
        return assertThrows(RuntimeException.class, () -> Agent.create(user).close());
    }

    @Test
    void theDefaultsAreValid() {
        Agent.create(ConfigFactory.parseString("plugins.directory = \"/nonexistent-plugins\"")).close();
    }

    @Test
    void aMisspeltKeyNamesTheNearestValidOne() {
        RuntimeException e = failure("spoe.listen-tpc = \"127.0.0.1:9000\"");
        assertTrue(e instanceof InvalidConfigException, e.toString());
        assertEquals("spoe.listen-tpc: unknown key. Did you mean 'spoe.listen-tcp'?", e.getMessage());
    }

    @Test
    void aMisspeltRootIsReported() {
        RuntimeException e = failure("decisons.sources = [file]");
        assertTrue(e.getMessage().startsWith("decisons: unknown key. Did you mean 'decisions'?"), e.getMessage());
    }

    @Test
    void aSubtreeGivenAsAStringIsAConfigurationErrorNotACrash() {
        // found by SettingsFuzzTest: the component's wiring threw ConfigException.WrongType past the checks
        RuntimeException e = failure("decisions.file.file-defaults = x");
        assertTrue(e instanceof InvalidConfigException, e.toString());
        assertTrue(e.getMessage().contains("file-defaults"), e.getMessage());
    }

    @Test
    void anUnrelatedKeyIsReportedWithoutSuggestion() {
        assertEquals("frobnicate: unknown key", failure("frobnicate = 3").getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String m = failure("spoe.listen-tpc = x\nspoe.max-frame-sise = 1k").getMessage();
        assertTrue(m.contains("spoe.listen-tpc") && m.contains("spoe.max-frame-sise"), m);
    }

    @Test
    void oneRunListsEveryProblem_keysValuesAndComponents() {
        String m = failure(String.join("\n",
                "spoe.listen-tpc = \"127.0.0.1:9000\"",
                "metrics.enabeld = true",
                "decisions.sources = [file, lapi]",
                "decisions.purge-interval = 1ms",
                "spoe.max-frame-size = 100",
                "http.hosts = [{host = x, captcha {provider = hcapcha, site-key = a, secret-key = b}}]")).getMessage();
        assertEquals(List.of(
                "spoe.listen-tpc: unknown key. Did you mean 'spoe.listen-tcp'?",
                "metrics.enabeld: unknown key. Did you mean 'metrics.enabled'?",
                "decisions.purge-interval: PT0.001S (expected: >= 100ms)",
                "decisions.sources: unknown decision source 'lapi'. Did you mean 'http'? (expected one of: file, http)",
                "http.hosts[0].captcha.provider: unknown captcha provider 'hcapcha'. Did you mean 'hcaptcha'? (expected one of: hcaptcha, recaptcha, turnstile, pow)",
                "http.hosts[0].captcha.signing-key: missing or shorter than 32 bytes: it signs the captcha cookies (share it between agents)",
                "spoe.max-frame-size: 100 (expected: 256..16777216)").stream().sorted().toList(),
                m.lines().sorted().toList());
    }

    @Test
    void listItemsAreCheckedForUnknownKeys() {
        assertEquals("http.hosts[0].bann: unknown key. Did you mean 'http.hosts[0].ban'?",
                failure("http.hosts = [{host = x, bann {}}]").getMessage());
        assertEquals("http.hosts[1].captcha.pow.dificulty: unknown key. Did you mean 'http.hosts[1].captcha.pow.difficulty'?",
                failure("CAPTCHA_SIGNING_KEY_UNUSED = 1\nhttp.hosts = [{host = a}, {host = b, captcha {provider = pow, signing-key = \""
                        + "s".repeat(32) + "\", pow.dificulty = 3}}]").getMessage().lines().filter(l -> l.startsWith("http")).findFirst().orElseThrow());
    }

    @Test
    void aWrongTypeNamesTheKeyAndTheExpectedType() {
        String m = failure("spoe.max-frame-size = [1, 2]").getMessage();
        assertTrue(m.startsWith("spoe.max-frame-size"), m);
        assertTrue(m.toLowerCase().contains("list") || m.toLowerCase().contains("number"), m);
    }

    @Test
    void aBadValueNamesTheKeyAndTheRange() {
        RuntimeException e = failure("spoe.max-frame-size = 100");
        assertTrue(e instanceof InvalidConfigException || e instanceof ConfigurationException, e.toString());
        assertEquals("spoe.max-frame-size: 100 (expected: 256..16777216)", e.getMessage());
    }

    @Test
    void aBadDurationIsReported() {
        String m = failure("decisions.purge-interval = soon").getMessage();
        assertTrue(m.startsWith("decisions.purge-interval"), m);
    }

    @Test
    void noListenerIsAnError() {
        assertEquals("spoe.listen-tcp: no listener: set listen-tcp, listen-unix, or both",
                failure("spoe.listen-tcp = \"\"").getMessage());
    }

    @Test
    void aBadListenAddressIsAnError() {
        assertTrue(failure("spoe.listen-tcp = \"localhost\"").getMessage().startsWith("spoe.listen-tcp: 'localhost' (expected: host:port"));
    }

    @Test
    void anUnknownDecisionSourceListsTheAvailableOnes() {
        assertEquals("decisions.sources: unknown decision source 'lapi'. Did you mean 'http'? (expected one of: file, http)",
                failure("decisions.sources = [lapi]").getMessage());
    }

    @Test
    void anUnknownMetricsBackEndListsTheAvailableOnes() {
        assertEquals("metrics.backend: unknown metrics back end 'statsd' (expected one of: prometheus)", failure("metrics.backend = statsd").getMessage());
    }

    @Test
    void fileSourceItemsAreValidated() {
        assertEquals("decisions.file.files[0].formt: unknown key. Did you mean 'decisions.file.files[0].format'?",
                failure("decisions.file.files = [{path = x, formt = csv}]").getMessage());
        assertEquals("decisions.file.files[0].format: 'xml' (expected: auto, csv, json, plain)",
                failure("decisions.file.files = [{path = x, format = xml}]").getMessage());
        assertEquals("decisions.file.settle-time: PT-1S (expected: 0s..60s; 0s reads a changed file at once)",
                failure("decisions.file.settle-time = -1s").getMessage());
        assertEquals("decisions.file.settle-time: PT2M (expected: 0s..60s; 0s reads a changed file at once)",
                failure("decisions.file.settle-time = 2m").getMessage());
    }

    @Test
    void theFullResyncIntervalIsZeroOrAtLeastASecond() {
        assertEquals("decisions.http.full-resync-interval: PT0.5S (expected: 0s for never, or >= PT1S)",
                failure("decisions.sources = [http]\ndecisions.http.api-key = k\ndecisions.http.full-resync-interval = 500ms").getMessage());
    }

    @Test
    void unresolvedSubstitutionsAreReported() {
        String m = failure("spoe.listen-unix = ${NOT_SET_ANYWHERE_12345}").getMessage();
        assertTrue(m.contains("NOT_SET_ANYWHERE_12345"), m);
    }

    @Test
    void nearestIsOnlySuggestedForCloseMatches() {
        java.util.Set<String> known = java.util.Set.of("spoe.listen-tcp", "decisions.sources");
        assertEquals("spoe.listen-tcp", ConfigValidator.nearest("spoe.lisen-tcp", known));
        assertEquals(null, ConfigValidator.nearest("metrics.enabled", known));
    }
}
