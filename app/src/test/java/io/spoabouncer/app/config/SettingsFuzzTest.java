package io.spoabouncer.app.config;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import io.spoabouncer.app.Agent;
import io.spoabouncer.app.plugins.PluginLoadException;
import io.spoabouncer.ports.spi.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target: any user configuration, through the whole of {@code --check-config} ({@link Agent#create}:
 * unknown keys, types, every component's own checks, the wiring). A configuration is valid, or it is
 * refused with one of the three errors {@code Main} prints for the operator; nothing else escapes. Half
 * the inputs are raw HOCON text, half are lines "N=value" that set the reference's N-th key (or its parent)
 * to a fuzzed value, which reach the components' checks rather than stopping at the parser.
 */
class SettingsFuzzTest {
    private static final List<String> KEYS = referenceKeys();

    @FuzzTest(maxDuration = "5m")
    @DictionaryEntries({"decisions.sources = [", "\"file\"", "\"http\"", "transport", "spoe.listen", "hosts = [{", "host = ", "captcha",
            "ban", "appsec", "\"*\"", "${?HOME}", "${x}", "include ", "= ", ": ", "{", "}", "[", "]", ",", "\"", "1s", "0", "-1",
            "true", "null", "127.0.0.1:0", "/"})
    void anyUserConfig(byte[] input) {
        if (input.length == 0) {
            return;
        }
        String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        Config user;
        try {
            user = ConfigFactory.parseString((input[0] & 1) == 0 ? text : realKeys(text));
        } catch (ConfigException e) {
            return; // the file does not parse: ConfigLoader names the file and the line
        }
        if (user.hasPath("plugins.directory")) {
            return; // not what this target looks at: plugin jars loaded from anywhere the fuzzer names
        }
        try {
            Agent.create(user).close();
        } catch (InvalidConfigException | ConfigurationException | PluginLoadException refused) {
            // what Main prints as "invalid configuration" with the problems listed
        }
    }

    /** Each line "N=value" as "key = value" for the reference's N-th key; a leading '^' per level takes its parent. */
    private static String realKeys(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            int up = 0;
            while (up < eq && line.charAt(up) == '^') {
                up++;
            }
            if (eq <= up || !line.substring(up, eq).chars().allMatch(Character::isDigit) || eq - up > 6) {
                continue;
            }
            String key = KEYS.get(Integer.parseInt(line.substring(up, eq)) % KEYS.size());
            for (int c = 0; c < up && key.contains("."); c++) {
                key = key.substring(0, key.lastIndexOf('.'));
            }
            out.append(key).append(" = ").append(line.substring(eq + 1)).append('\n');
        }
        return out.toString();
    }

    private static List<String> referenceKeys() {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> e : ConfigFactory.defaultReference().entrySet()) {
            if (!e.getKey().startsWith("plugins.")) {
                keys.add(e.getKey());
            }
        }
        keys.sort(null);
        return keys;
    }
}
