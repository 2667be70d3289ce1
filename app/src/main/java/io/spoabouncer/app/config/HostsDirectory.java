package io.spoabouncer.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.spoabouncer.migrate.GoConfigMigration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code http.hosts-dir}: one file per host, added after {@code http.hosts} and validated with them. A
 * {@code .conf} file is one HOCON host item ({@code host = "shop.example.com"}, {@code captcha {...}});
 * a {@code .yaml}/{@code .yml} file is a Go bouncer host file, read through migrate-config's mapping.
 * Files are read in name order; other files are ignored.
 */
public final class HostsDirectory {
    private static final Logger log = LoggerFactory.getLogger(HostsDirectory.class);

    private HostsDirectory() {
    }

    /** The user's config with the directory's hosts appended to http.hosts (unchanged when no directory is set). */
    public static Config withHosts(Config user, Config reference) {
        Config effective = ConfigLoader.effective(user, reference);
        String dirText;
        try {
            dirText = effective.hasPath("http.hosts-dir") ? effective.getString("http.hosts-dir").trim() : "";
        } catch (com.typesafe.config.ConfigException e) {
            throw new InvalidConfigException("http.hosts-dir: " + e.getMessage()); // found by fuzzing: a list here threw past the checks
        }
        if (dirText.isEmpty()) {
            return user;
        }
        Path dir;
        try {
            dir = Path.of(dirText);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidConfigException("http.hosts-dir: not a valid path: " + e.getMessage()); // found by fuzzing: a NUL in it
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidConfigException("http.hosts-dir: " + dir + " is not a directory");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> name(p).endsWith(".conf") || name(p).endsWith(".yaml") || name(p).endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidConfigException("http.hosts-dir: cannot list " + dir + ": " + e.getMessage());
        }
        List<Object> hosts = new ArrayList<>();
        for (ConfigValue v : effective.getList("http.hosts")) {
            hosts.add(v.unwrapped());
        }
        int first = hosts.size();
        List<String> problems = new ArrayList<>();
        GoConfigMigration go = new GoConfigMigration(System.getenv());
        for (Path f : files) {
            try {
                if (name(f).endsWith(".conf")) {
                    hosts.add(ConfigFactory.parseFile(f.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve().root().unwrapped());
                } else {
                    hosts.add(go.hostFile(f));
                }
            } catch (IOException | RuntimeException e) {
                problems.add("http.hosts-dir: " + f + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        go.notes().forEach(n -> log.warn("http.hosts-dir: {}", n));
        if (!files.isEmpty()) {
            log.info("http.hosts-dir: {} host file(s) from {} read as http.hosts[{}..{}]: {}", files.size(), dir, first, hosts.size() - 1,
                    files.stream().map(HostsDirectory::name).toList());
        }
        return ConfigFactory.empty().withValue("http.hosts", ConfigValueFactory.fromIterable(hosts)).withFallback(user);
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }
}
