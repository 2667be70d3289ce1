package io.spoabouncer.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.spoabouncer.app.Agent;
import io.spoabouncer.ports.spi.ConfigurationException;
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
    void anUnrelatedKeyIsReportedWithoutSuggestion() {
        assertEquals("frobnicate: unknown key", failure("frobnicate = 3").getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String m = failure("spoe.listen-tpc = x\nspoe.max-frame-sise = 1k").getMessage();
        assertTrue(m.contains("spoe.listen-tpc") && m.contains("spoe.max-frame-sise"), m);
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
        assertEquals("decisions.sources: unknown decision source 'lapi' (available: file, http)",
                failure("decisions.sources = [lapi]").getMessage());
    }

    @Test
    void anUnknownMetricsBackEndListsTheAvailableOnes() {
        assertEquals("metrics.backend: unknown metrics back end 'statsd' (available: prometheus)", failure("metrics.backend = statsd").getMessage());
    }

    @Test
    void fileSourceItemsAreValidated() {
        assertEquals("decisions.file.files[0].formt: unknown key (expected one of [duration, format, origin, path, scenario, type])",
                failure("decisions.file.files = [{path = x, formt = csv}]").getMessage());
        assertEquals("decisions.file.files[0].format: 'xml' (expected: auto, csv, json, plain)",
                failure("decisions.file.files = [{path = x, format = xml}]").getMessage());
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
