package io.spoabouncer.migrate;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import io.spoabouncer.domain.decision.GoDuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Turns a Go cs-haproxy-spoa-bouncer YAML config into this agent's HOCON, the way the Go bouncer reads
 * it: the {@code .yaml.local} overlay merged on top, {@code ${VAR}} / {@code $VAR} expanded only when the
 * variable is defined, {@code hosts_dir/*.yaml} added to the hosts, and the logging keys the Go code really
 * reads (plus the misspelt ones its example file uses). Every key without an equivalent becomes a comment
 * that says why.
 */
public final class GoConfigMigration {
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final Map<String, String> env;
    private final List<String> lines = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public GoConfigMigration(Map<String, String> env) {
        this.env = env;
    }

    /** The HOCON text for the Go config at {@code file}. */
    public String migrate(Path file) throws IOException {
        Map<String, Object> yaml = load(file);
        Path local = Path.of(file + ".local");
        if (Files.exists(local)) {
            merge(yaml, load(local));
        }
        List<Map<String, Object>> hosts = new ArrayList<>(listOfMaps(yaml.remove("hosts")));
        Object hostsDir = yaml.remove("hosts_dir");
        if (hostsDir != null && !String.valueOf(hostsDir).isBlank()) {
            Path dir = file.toAbsolutePath().getParent().resolve(String.valueOf(hostsDir));
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    for (Path h : s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                        hosts.add(load(h));
                    }
                }
            } else {
                note("hosts_dir", hostsDir + " is not a directory: no hosts read from it");
            }
        }
        lines.add("# Migrated from " + oneLine(String.valueOf(file.getFileName())) + " (Go cs-haproxy-spoa-bouncer) by 'spoa-bouncer migrate-config'.");
        lines.add("# Check it with: spoa-bouncer --config <this file> --check-config");
        lines.add("");
        spoe(yaml);
        lapi(yaml);
        geo(yaml);
        appsec(yaml);
        metrics(yaml);
        logging(yaml);
        hosts(hosts);
        for (Map.Entry<String, Object> e : yaml.entrySet()) {
            note(e.getKey(), "unknown key (the Go bouncer ignores it too)");
        }
        if (!notes.isEmpty()) {
            lines.add("");
            lines.add("# Keys with no equivalent here:");
            for (String n : notes) {
                lines.add("#   " + n);
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private void spoe(Map<String, Object> y) {
        String tcp = str(y.remove("listen_tcp"));
        String unix = str(y.remove("listen_unix"));
        set("spoe.listen-tcp", tcp == null ? "" : tcp, null);
        if (unix != null) {
            set("spoe.listen-unix", unix, null);
        }
        for (String legacy : List.of("workers", "worker_user", "worker_group", "admin_socket")) {
            if (y.remove(legacy) != null) {
                note(legacy, "removed in the Go bouncer 0.2.0; one agent process serves every listener");
            }
        }
    }

    private void lapi(Map<String, Object> y) {
        String url = str(y.remove("api_url"));
        if (url == null) {
            set("decisions.sources", List.of(), "no api_url: add a source (file, http) before use");
            return;
        }
        set("decisions.sources", List.of("http"), null);
        set("decisions.http.api-url", url, null);
        copy(y, "api_key", "decisions.http.api-key");
        copy(y, "cert_path", "decisions.http.cert-path");
        copy(y, "key_path", "decisions.http.key-path");
        copy(y, "ca_cert_path", "decisions.http.ca-cert-path");
        copy(y, "insecure_skip_verify", "decisions.http.insecure-skip-verify");
        duration(y, "update_frequency", "decisions.http.update-frequency");
        for (String k : List.of("scopes", "origins", "scenarios_containing", "scenarios_not_containing")) {
            Object v = y.remove(k);
            if (v != null) {
                set("decisions.http." + k.replace('_', '-'), list(v), null);
            }
        }
        if (y.remove("retry_initial_connect") != null) {
            note("retry_initial_connect", "always on: an unreachable LAPI at start is retried while serving the snapshot");
        }
    }

    private void geo(Map<String, Object> y) {
        copy(y, "city_database_path", "geo.city-database");
        copy(y, "asn_database_path", "geo.asn-database");
    }

    private void appsec(Map<String, Object> y) {
        copy(y, "appsec_url", "http.appsec.url");
        duration(y, "appsec_timeout", "http.appsec.timeout");
        String challenge = str(y.remove("challenge_http_listen"));
        if (challenge != null) {
            set("http.challenge.listen", challenge.startsWith(":") ? "0.0.0.0" + challenge : challenge, null);
            lines.add("http.challenge.signing-key = ${?CHALLENGE_SIGNING_KEY}  # required: >= 32 bytes, the same on every agent");
        }
        if (y.remove("challenge_cache_max_entries") != null) {
            note("challenge_cache_max_entries", "no cache: challenge pages are asked of AppSec again by whichever agent serves them");
        }
    }

    private void metrics(Map<String, Object> y) {
        Map<String, Object> p = map(y.remove("prometheus"));
        if (p != null) {
            Object enabled = p.remove("enabled");
            if (enabled != null) {
                set("metrics.enabled", Boolean.parseBoolean(String.valueOf(enabled)), null);
            }
            String addr = str(p.remove("listen_addr"));
            String port = str(p.remove("listen_port"));
            if (addr != null || port != null) {
                set("metrics.listen-address", (addr == null || addr.isEmpty() ? "127.0.0.1" : addr) + ":" + (port == null ? "60601" : port), null);
            }
            p.keySet().forEach(k -> note("prometheus." + k, "unknown key"));
        }
        if (y.remove("pprof") != null) {
            note("pprof", "a Go profiler; use the JVM's own tools (jcmd, Java Flight Recorder)");
        }
    }

    private void logging(Map<String, Object> y) {
        String level = str(y.remove("log_level"));
        if (level != null) {
            String l = level.toLowerCase();
            set("logging.level", l.equals("panic") || l.equals("fatal") ? "error" : l.equals("warning") ? "warn" : l, null);
        }
        for (String k : List.of("log_mode", "log_dir", "log_max_size", "log_max_files", "log_max_age", "compress_logs",
                "log_compression", "log_max_backups", "log_media")) {
            Object v = y.remove(k);
            if (v != null) {
                note(k + " = " + v, "the agent logs to stderr (systemd's journal, or your log collector, rotates)");
            }
        }
    }

    private void hosts(List<Map<String, Object>> hosts) {
        if (hosts.isEmpty()) {
            return;
        }
        lines.add("http.hosts = [");
        for (Map<String, Object> h : hosts) {
            lines.add("  " + render(hostItem(h)));
        }
        lines.add("]");
    }

    /** One Go host entry (a hosts list item, or a hosts_dir file) as this agent's http.hosts item; unmapped keys noted. */
    public Map<String, Object> hostItem(Map<String, Object> h) {
        Map<String, Object> out = new LinkedHashMap<>();
        String host = str(h.remove("host"));
        out.put("host", host == null ? "*" : host);
        Map<String, Object> ban = map(h.remove("ban"));
        if (ban != null && ban.get("contact_us_url") != null) {
            out.put("ban", Map.of("contact-us-url", String.valueOf(ban.get("contact_us_url"))));
        }
        Map<String, Object> captcha = map(h.remove("captcha"));
        if (captcha != null && captcha.get("provider") != null && !String.valueOf(captcha.get("provider")).isBlank()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("provider", str(captcha.get("provider")));
            putIf(c, "site-key", captcha.get("site_key"));
            putIf(c, "secret-key", captcha.get("secret_key"));
            putIf(c, "signing-key", captcha.get("signing_key"));
            putIf(c, "fallback-remediation", captcha.get("fallback_remediation"));
            if (captcha.get("timeout") != null) {
                c.put("timeout", captcha.get("timeout") + "s");
            }
            putIf(c, "pending-ttl", millis("captcha.pending_ttl", captcha.get("pending_ttl")));
            putIf(c, "passed-ttl", millis("captcha.passed_ttl", captcha.get("passed_ttl")));
            Map<String, Object> cookie = map(captcha.get("cookie"));
            if (cookie != null) {
                Map<String, Object> ck = new LinkedHashMap<>();
                putIf(ck, "secure", cookie.get("secure"));
                if (cookie.get("http_only") != null) {
                    ck.put("http-only", Boolean.parseBoolean(String.valueOf(cookie.get("http_only"))));
                }
                c.put("cookie", ck);
            }
            // Go agents' cookies carry no host claim: keep them valid during a rolling migration.
            c.put("bind-host", false);
            out.put("captcha", c);
        }
        Map<String, Object> appsec = map(h.remove("appsec"));
        if (appsec != null && appsec.get("url") != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            putIf(a, "url", appsec.get("url"));
            putIf(a, "api-key", appsec.get("api_key"));
            putIf(a, "timeout", millis("appsec.timeout", appsec.get("timeout")));
            if (appsec.get("always_send") != null) {
                a.put("always-send", Boolean.parseBoolean(String.valueOf(appsec.get("always_send"))));
            }
            out.put("appsec", a);
        }
        if (h.remove("log_level") != null) {
            note("hosts[" + out.get("host") + "].log_level", "per-host log levels changed the whole process's level in the Go bouncer; use logging.level");
        }
        h.keySet().forEach(k -> note("hosts[" + out.get("host") + "]." + k, "unknown key"));
        return out;
    }

    /** A Go bouncer host file (hosts_dir/*.yaml) as an http.hosts item. */
    public Map<String, Object> hostFile(Path yaml) throws IOException {
        return hostItem(load(yaml));
    }

    /** What hostItem and hostFile could not map, one line each. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    private void copy(Map<String, Object> y, String goKey, String path) {
        Object v = y.remove(goKey);
        if (v != null) {
            set(path, v instanceof Boolean ? v : String.valueOf(v), null);
        }
    }

    private void duration(Map<String, Object> y, String goKey, String path) {
        Object v = y.remove(goKey);
        String ms = millis(goKey, v);
        if (ms != null) {
            set(path, ms, "was " + v);
        }
    }

    /** A Go duration as "<n>ms"; null when absent, or when it is not a duration (then a note says so). */
    private String millis(String goKey, Object v) {
        if (v == null) {
            return null;
        }
        try {
            return GoDuration.toMillis(String.valueOf(v)) + "ms";
        } catch (IllegalArgumentException e) {
            note(goKey, "'" + v + "' is not a Go duration (the Go bouncer refuses it too); left out, the default applies");
            return null;
        }
    }

    private void set(String path, Object value, String comment) {
        if (value instanceof String) {
            Matcher m = ENV.matcher((String) value);
            if (m.matches()) {
                // Not set while migrating: read it from the environment at start instead of keeping "${X}" as text.
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                lines.add(path + " = ${?" + name + "}  # from the environment, as in the Go config");
                return;
            }
        }
        lines.add(path + " = " + render(value) + (comment == null ? "" : "  # " + oneLine(comment)));
    }

    private void note(String key, String why) {
        notes.add(oneLine(key + ": " + why));
    }

    /** A note is a comment line: a newline in a YAML value would end it (found by fuzzing). */
    private static String oneLine(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c == '\n') {
                out.append("\\n");
            } else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** HOCON for a value; objects and lists as JSON (valid HOCON, unambiguous inside a list). */
    private static String render(Object v) {
        return ConfigValueFactory.fromAnyRef(v).render(ConfigRenderOptions.concise().setJson(true));
    }

    private static void putIf(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, String.valueOf(v));
        }
    }

    private Map<String, Object> load(Path p) throws IOException {
        String text = expand(Files.readString(p));
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (RuntimeException e) {
            // A syntax error (SnakeYAML's YAMLException names the line), or a tag SnakeYAML cannot build: !!binary that
            // is not base64 (IllegalArgumentException), a scalar tag on a list (ClassCastException inside SnakeYAML).
            throw new IOException(p + ": not valid YAML: " + (e instanceof org.yaml.snakeyaml.error.YAMLException ? e.getMessage() : e.toString()));
        }
        if (doc == null) {
            return new LinkedHashMap<>();
        }
        if (!(doc instanceof Map)) {
            throw new IOException(p + ": not a YAML mapping");
        }
        return deepCopy(map(doc));
    }

    /** ${VAR} and $VAR, replaced only when VAR is defined (as the Go bouncer's strict expansion). */
    String expand(String text) {
        Matcher m = ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = env.get(name);
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        return m.appendTail(out).toString();
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> base, Map<String, Object> overlay) {
        for (Map.Entry<String, Object> e : overlay.entrySet()) {
            Object b = base.get(e.getKey());
            if (b instanceof Map && e.getValue() instanceof Map) {
                merge((Map<String, Object>) b, (Map<String, Object>) e.getValue());
            } else {
                base.put(e.getKey(), e.getValue());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue() instanceof Map ? deepCopy((Map<String, Object>) e.getValue()) : e.getValue());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOfMaps(Object o) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (o instanceof List) {
            for (Object item : (List<Object>) o) {
                if (item instanceof Map) {
                    out.add(deepCopy((Map<String, Object>) item));
                }
            }
        }
        return out;
    }

    private static List<String> list(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof List) {
            ((List<?>) v).forEach(x -> out.add(String.valueOf(x)));
        } else {
            for (String s : String.valueOf(v).split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
