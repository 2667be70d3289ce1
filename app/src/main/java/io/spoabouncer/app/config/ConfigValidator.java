package io.spoabouncer.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.spoabouncer.ports.spi.Suggestions;
import io.spoabouncer.settings.hocon.HoconSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the user's keys against the reference of every module and plugin, list items included (an item
 * of {@code hosts} against {@code host-defaults}): an unknown key is reported with the nearest valid one
 * ("Did you mean ..."), a wrong type with the expected one. Every problem is collected; nothing stops at
 * the first.
 */
public final class ConfigValidator {
    private ConfigValidator() {
    }

    public static List<String> problems(Config user, Config reference) {
        List<String> problems = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        collectPaths(reference.root(), "", known);
        checkKeys(user.root(), "", "", reference, known, problems);
        try {
            user.withFallback(reference).resolve().checkValid(reference);
        } catch (ConfigException.ValidationFailed e) {
            for (ConfigException.ValidationProblem p : e.problems()) {
                if (!stringGivenAsList(user, reference, p.path())) {
                    problems.add(p.path() + ": " + p.problem());
                }
            }
        } catch (ConfigException e) {
            // Unresolved substitutions are reported when the effective config is built.
        }
        return problems;
    }

    /**
     * @param shown the path as the user reads it (with [i] for list items)
     * @param refPrefix the reference path the keys are checked against
     */
    private static void checkKeys(ConfigObject object, String shown, String refPrefix, Config reference, Set<String> known, List<String> problems) {
        java.util.Set<Map.Entry<String, ConfigValue>> entries;
        try {
            entries = object.entrySet();
        } catch (ConfigException.NotResolved substitution) {
            return; // an object merged with a substitution: its keys are known once resolved (found by fuzzing)
        }
        for (Map.Entry<String, ConfigValue> e : entries) {
            String key = quote(e.getKey());
            String shownPath = shown.isEmpty() ? key : shown + "." + key;
            String refPath = refPrefix.isEmpty() ? key : refPrefix + "." + key;
            if (!reference.hasPathOrNull(refPath)) {
                if (isOpenObject(refPrefix, reference)) {
                    continue;
                }
                String suggestion = Suggestions.nearest(refPath, known);
                if (suggestion != null && !refPrefix.equals(shown) && suggestion.startsWith(refPrefix + ".")) {
                    suggestion = shown + suggestion.substring(refPrefix.length()); // as the user wrote the list item
                }
                problems.add(shownPath + ": unknown key" + (suggestion == null ? "" : ". Did you mean '" + suggestion + "'?"));
                continue;
            }
            ConfigValue ref = reference.getValue(refPath);
            ConfigValue value = e.getValue();
            ConfigValueType type;
            try {
                type = value.valueType();
            } catch (ConfigException.NotResolved substitution) {
                continue; // its type is known once resolved: the effective config reports what does not resolve
            }
            if (type == ConfigValueType.OBJECT && ref.valueType() == ConfigValueType.OBJECT) {
                checkKeys((ConfigObject) value, shownPath, refPath, reference, known, problems);
            } else if (type == ConfigValueType.LIST) {
                String defaults = HoconSettings.itemDefaultsKey(e.getKey());
                String itemRef = defaults == null ? null : (refPrefix.isEmpty() ? defaults : refPrefix + "." + defaults);
                if (itemRef != null && reference.hasPath(itemRef) && reference.getValue(itemRef).valueType() == ConfigValueType.OBJECT) {
                    ConfigList items = (ConfigList) value;
                    for (int i = 0; i < items.size(); i++) {
                        if (isObject(items.get(i))) {
                            checkKeys((ConfigObject) items.get(i), shownPath + "[" + i + "]", itemRef, reference, known, problems);
                        }
                    }
                }
            }
        }
    }

    /**
     * A list where the reference has a string: left to the component, which either takes one or several
     * ({@code Settings.stringOrStrings}, e.g. {@code decisions.http.api-url}) or reports the wrong type itself.
     */
    private static boolean stringGivenAsList(Config user, Config reference, String path) {
        try {
            return user.hasPath(path) && user.getValue(path).valueType() == ConfigValueType.LIST
                    && reference.hasPath(path) && reference.getValue(path).valueType() == ConfigValueType.STRING;
        } catch (ConfigException e) {
            return false;
        }
    }

    private static boolean isObject(ConfigValue v) {
        try {
            return v.valueType() == ConfigValueType.OBJECT;
        } catch (ConfigException.NotResolved substitution) {
            return false;
        }
    }

    /** An object declared empty in the reference (e.g. {@code decisions.<plugin>}) takes any keys. */
    private static boolean isOpenObject(String prefix, Config reference) {
        return !prefix.isEmpty() && reference.hasPath(prefix)
                && reference.getValue(prefix).valueType() == ConfigValueType.OBJECT
                && reference.getObject(prefix).isEmpty();
    }

    private static String quote(String key) {
        // JSON-escaped when needed: a key with a quote, a backslash or a control character is still one path element
        return key.matches("[A-Za-z0-9_-]+") ? key : com.typesafe.config.ConfigUtil.quoteString(key);
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

    /** The known path nearest to {@code path}, if close enough to be a typo. */
    static String nearest(String path, Set<String> known) {
        return Suggestions.nearest(path, known);
    }
}
