package io.spoabouncer.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the user's keys against the reference of every module and plugin: an unknown key is reported
 * with the nearest valid one ("Did you mean ..."), a wrong type with the expected one. All problems are
 * collected and reported together.
 */
public final class ConfigValidator {
    private ConfigValidator() {
    }

    public static List<String> problems(Config user, Config reference) {
        List<String> problems = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        collectPaths(reference.root(), "", known);
        checkKeys(user.root(), "", reference, known, problems);
        if (problems.isEmpty()) {
            try {
                user.withFallback(reference).resolve().checkValid(reference);
            } catch (ConfigException.ValidationFailed e) {
                e.problems().forEach(p -> problems.add(p.path() + ": " + p.problem()));
            } catch (ConfigException e) {
                // Unresolved substitutions are reported when the effective config is built.
            }
        }
        return problems;
    }

    private static void checkKeys(ConfigObject object, String prefix, Config reference, Set<String> known, List<String> problems) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String path = prefix.isEmpty() ? quote(e.getKey()) : prefix + "." + quote(e.getKey());
            if (!reference.hasPathOrNull(path)) {
                if (isOpenObject(prefix, reference)) {
                    continue;
                }
                String suggestion = nearest(path, known);
                problems.add(path + ": unknown key" + (suggestion == null ? "" : ". Did you mean '" + suggestion + "'?"));
                continue;
            }
            ConfigValue ref = reference.getValue(path);
            if (e.getValue().valueType() == ConfigValueType.OBJECT && ref.valueType() == ConfigValueType.OBJECT) {
                checkKeys((ConfigObject) e.getValue(), path, reference, known, problems);
            }
        }
    }

    /** An object declared empty in the reference (e.g. {@code decisions.<plugin>}) takes any keys. */
    private static boolean isOpenObject(String prefix, Config reference) {
        return !prefix.isEmpty() && reference.hasPath(prefix)
                && reference.getValue(prefix).valueType() == ConfigValueType.OBJECT
                && reference.getObject(prefix).isEmpty();
    }

    private static String quote(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key + "\"";
    }

    private static void collectPaths(ConfigObject object, String prefix, Set<String> out) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            out.add(path);
            if (e.getValue().valueType() == ConfigValueType.OBJECT) {
                collectPaths((ConfigObject) e.getValue(), path, out);
            }
        }
    }

    /** The known path with the smallest edit distance, if it is close enough to be a typo. */
    static String nearest(String path, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(path, candidate);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        int leaf = path.length() - path.lastIndexOf('.') - 1;
        return bestDistance <= Math.max(2, leaf / 3) ? best : null;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
