package io.spoabouncer.migrate;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fuzz target: any text as a Go bouncer YAML config. {@code migrate-config} either writes HOCON that the
 * agent can parse, or refuses the file with an {@link IOException} naming the file and why; nothing else
 * escapes.
 */
class GoMigrationFuzzTest {
    private static final Path FILE = tempFile();

    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({"listen_tcp: ", "listen_unix: ", "api_url: ", "api_key: ", "update_frequency: ", "hosts:", "  - host: ", "captcha:",
            "  provider: ", "ban:", "  contact_us_url: ", "appsec:", "geo:", "prometheus:", "log_mode: ", "log_level: ", "hosts_dir: ",
            "${API_KEY}", "$HOME", "- ", ": ", "  ", "&a ", "*a", "!!binary ", "[", "{", "'", "\""})
    void anyGoConfig(byte[] input) throws IOException {
        Files.write(FILE, input);
        String hocon;
        try {
            hocon = new GoConfigMigration(Map.of("API_KEY", "k")).migrate(FILE);
        } catch (IOException refused) {
            return;
        }
        ConfigFactory.parseString(hocon); // what it writes, the agent reads
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("fuzz-go-config", ".yaml"); // java.io.tmpdir is target/ in tests
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
