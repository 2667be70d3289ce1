package io.spoabouncer.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The effective configuration: the user's file (if any) over the defaults of every module and plugin.
 * Substitutions such as {@code ${?CROWDSEC_API_KEY}} resolve from the environment. System properties
 * are deliberately not merged in, so the tree holds our keys only and unknown keys can be reported.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** Parses the user's file; a missing or unparsable file is an error naming it. */
    public static Config parseUserFile(Path file) {
        if (file == null) {
            return ConfigFactory.empty();
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException(file + ": no such file");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidConfigException(file + ": not readable");
        }
        try {
            return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new InvalidConfigException(file + ": " + e.getMessage());
        }
    }

    /** Layers the user's config over the reference and resolves substitutions. */
    public static Config effective(Config user, Config reference) {
        try {
            return user.withFallback(reference).resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true));
        } catch (ConfigException.UnresolvedSubstitution e) {
            throw new InvalidConfigException("unresolved substitution: " + e.getMessage()
                    + " (use ${?NAME} for an optional environment variable)");
        } catch (ConfigException e) {
            throw new InvalidConfigException(e.getMessage());
        }
    }
}
