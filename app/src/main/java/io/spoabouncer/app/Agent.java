package io.spoabouncer.app;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import com.google.inject.spi.Message;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.spoabouncer.app.config.ConfigLoader;
import io.spoabouncer.app.config.ConfigValidator;
import io.spoabouncer.app.config.InvalidConfigException;
import io.spoabouncer.app.lifecycle.Lifecycle;
import io.spoabouncer.app.plugins.LoadedPlugin;
import io.spoabouncer.app.plugins.PluginClassLoader;
import io.spoabouncer.app.plugins.PluginLoadException;
import io.spoabouncer.app.plugins.PluginLoader;
import io.spoabouncer.app.plugins.PluginRegistry;
import io.spoabouncer.app.wiring.CoreModule;
import io.spoabouncer.app.wiring.DecisionSources;
import io.spoabouncer.app.wiring.LifecycleModule;
import io.spoabouncer.app.wiring.PluginComponentsModule;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.spi.ConfigurationException;
import io.spoabouncer.ports.spi.DecisionSource;
import io.spoabouncer.ports.spi.Transport;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembled agent. {@link #create} loads plugins, validates the whole configuration and builds the one
 * Guice injector (no I/O happens there); {@link #start} starts the components in order.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final Injector injector;
    private final PluginRegistry registry;
    private final Lifecycle lifecycle;

    /** The effective configuration in force (replaced by a hot reload). */
    public Config effective() {
        Config r = reloaded;
        return r != null ? r : injector.getInstance(Config.class);
    }

    private volatile Config reloaded;

    /**
     * Applies what can change while running from {@code next} (an agent created from the new file, so
     * validated whole, and never started): hosts, captcha and AppSec settings, the file source's list,
     * the log level. Returns the top-level keys that changed but need a restart.
     */
    public synchronized List<String> reloadFrom(Agent next) {
        Config before = effective();
        Config after = next.effective();
        List<String> restart = new ArrayList<>();
        for (String key : new java.util.TreeSet<>(union(before.root().keySet(), after.root().keySet()))) {
            if (same(before, after, key)) {
                continue;
            }
            switch (key) {
                case "http" -> {
                    io.spoabouncer.core.http.HostsSettings hosts = io.spoabouncer.app.wiring.CoreModule.hostsOf(after);
                    instance(io.spoabouncer.core.remediation.RemediationService.class).replaceHttp(io.spoabouncer.app.wiring.CoreModule.httpFlow(hosts,
                            injector.getInstance(new com.google.inject.Key<io.spoabouncer.app.wiring.Components.Created<io.spoabouncer.ports.spi.HttpServices>>() { })
                                    .component(), instance(io.spoabouncer.core.challenge.ChallengeSettings.class), instance(io.spoabouncer.ports.out.AgentMetrics.class)));
                    instance(io.spoabouncer.core.challenge.ChallengeService.class).replaceHosts(hosts.hosts(), hosts.appsec());
                    instance(io.spoabouncer.core.http.CurrentHostPolicies.class).replace(hosts.hosts());
                    if (!same(before.getConfig("http"), after.getConfig("http"), "challenge")) {
                        restart.add("http.challenge");
                    }
                    log.info("reload: http (hosts, captcha, AppSec): {} host(s)", hosts.hosts().size());
                }
                case "logging" -> {
                    LogLevel.set(after.getString("logging.level"));
                    log.info("reload: logging.level = {}", after.getString("logging.level"));
                }
                case "decisions" -> restart.addAll(reloadDecisions(before, after));
                default -> restart.add(key);
            }
        }
        reloaded = after;
        return restart;
    }

    private List<String> reloadDecisions(Config before, Config after) {
        List<String> restart = new ArrayList<>();
        Config b = before.getConfig("decisions");
        Config a = after.getConfig("decisions");
        for (String key : new java.util.TreeSet<>(union(b.root().keySet(), a.root().keySet()))) {
            if (same(b, a, key)) {
                continue;
            }
            boolean done = false;
            if (key.equals("file") && same(b.getConfig("file"), a.getConfig("file").withValue("files", b.getValue("file.files")), "")) {
                for (DecisionSource s : sources()) {
                    if (s instanceof io.spoabouncer.ports.spi.Reconfigurable) {
                        ((io.spoabouncer.ports.spi.Reconfigurable) s).reconfigure(io.spoabouncer.settings.hocon.HoconSettings.at(after, "decisions.file"));
                        done = true;
                        log.info("reload: decisions.file.files");
                    }
                }
            }
            if (!done) {
                restart.add("decisions." + key);
            }
        }
        return restart;
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }

    /** The same value under key in both (the whole config when key is empty). */
    private static boolean same(Config a, Config b, String key) {
        if (key.isEmpty()) {
            return a.root().render(com.typesafe.config.ConfigRenderOptions.concise()).equals(b.root().render(com.typesafe.config.ConfigRenderOptions.concise()));
        }
        String k = com.typesafe.config.ConfigUtil.quoteString(key);
        boolean inA = a.hasPathOrNull(k);
        boolean inB = b.hasPathOrNull(k);
        if (!inA || !inB) {
            return inA == inB;
        }
        return a.getValue(k).render(com.typesafe.config.ConfigRenderOptions.concise()).equals(b.getValue(k).render(com.typesafe.config.ConfigRenderOptions.concise()));
    }

    private Agent(Injector injector, PluginRegistry registry) {
        this.injector = injector;
        this.registry = registry;
        this.lifecycle = injector.getInstance(Lifecycle.class);
    }

    /**
     * @param userConfig the user's parsed file (or an empty config)
     * @throws InvalidConfigException, ConfigurationException or PluginLoadException with a message for the operator
     */
    public static Agent create(Config userConfig) {
        ClassLoader host = Agent.class.getClassLoader();
        Config hostReference = ConfigFactory.defaultReference(host);
        Path pluginsDir;
        try {
            pluginsDir = Path.of(ConfigLoader.effective(userConfig, hostReference).getString("plugins.directory"));
        } catch (java.nio.file.InvalidPathException | com.typesafe.config.ConfigException e) {
            throw new InvalidConfigException("plugins.directory: " + e.getMessage());
        }
        List<LoadedPlugin> plugins = new ArrayList<>(PluginLoader.builtIns(host));
        plugins.addAll(PluginLoader.fromDirectory(pluginsDir, host));
        PluginRegistry registry = new PluginRegistry(plugins);
        try {
            Config reference = withPluginReferences(hostReference, registry);
            userConfig = io.spoabouncer.app.config.HostsDirectory.withHosts(userConfig, reference);
            // Every problem in one run: unknown keys and wrong types first, then what each component finds.
            List<String> problems = new ArrayList<>(ConfigValidator.problems(userConfig, reference));
            Config effective = ConfigLoader.effective(userConfig, reference);
            Injector injector;
            try {
                injector = Guice.createInjector(Stage.PRODUCTION,
                        binder -> {
                            binder.requireExplicitBindings();
                            binder.disableCircularProxies();
                            binder.requireExactBindingAnnotations();
                        },
                        new CoreModule(effective, registry), new PluginComponentsModule(), new LifecycleModule());
            } catch (CreationException e) {
                RuntimeException wiring = unwrap(e);
                if (!(wiring instanceof InvalidConfigException)) {
                    if (problems.isEmpty()) {
                        throw wiring;
                    }
                    // A component tripped over a value the checks above already named: those are the answer.
                    throw new InvalidConfigException(problems);
                }
                for (String line : wiring.getMessage().split("\\R")) {
                    if (!problems.contains(line)) {
                        problems.add(line);
                    }
                }
                throw new InvalidConfigException(problems);
            }
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(problems);
            }
            return new Agent(injector, registry);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /** A plugin's reference.conf holds its defaults (its subtree of decisions.*). */
    private static Config withPluginReferences(Config hostReference, PluginRegistry registry) {
        Config merged = hostReference;
        for (LoadedPlugin p : registry.plugins()) {
            if (p.loader() instanceof PluginClassLoader) {
                try {
                    for (URL url : ((PluginClassLoader) p.loader()).ownResources("reference.conf")) {
                        merged = merged.withFallback(ConfigFactory.parseURL(url));
                    }
                } catch (IOException | com.typesafe.config.ConfigException e) {
                    throw new PluginLoadException("plugin " + p.origin() + ": bad reference.conf: " + e.getMessage(), e);
                }
            }
        }
        return merged.resolve();
    }

    /** Guice wraps our validation errors: give the operator the first one, as it was thrown. */
    private static RuntimeException unwrap(CreationException e) {
        // A failed provider is reported once per injection point: keep each message once.
        java.util.Set<String> messages = new java.util.LinkedHashSet<>();
        for (Message m : e.getErrorMessages()) {
            Throwable cause = m.getCause();
            while (cause != null && cause.getCause() != null && !(cause instanceof ConfigurationException)
                    && !(cause instanceof InvalidConfigException) && !(cause instanceof PluginLoadException)) {
                cause = cause.getCause();
            }
            if (cause instanceof ConfigurationException) {
                messages.addAll(((ConfigurationException) cause).problems());
            } else if (cause instanceof InvalidConfigException || cause instanceof PluginLoadException
                    || cause instanceof com.typesafe.config.ConfigException) {
                messages.add(cause.getMessage());
            } else if (cause instanceof java.nio.file.InvalidPathException) {
                messages.add("not a valid path: " + cause.getMessage()); // a NUL in a configured path (found by fuzzing)
            } else if (cause != null) {
                return new IllegalStateException("cannot wire the agent: " + cause, cause);
            } else {
                messages.add(m.getMessage());
            }
        }
        return new InvalidConfigException(List.copyOf(messages));
    }

    public void start() {
        lifecycle.start();
        DecisionStore store = store();
        log.info("spoa-bouncer {} ready: {} decisions from {}; plugins: {}", Version.get(), store.size(),
                injector.getInstance(io.spoabouncer.app.wiring.AppSettings.class).sources(), registry.plugins().stream().map(LoadedPlugin::name).toList());
    }

    public void stop() {
        lifecycle.stop();
    }

    @Override
    public void close() {
        stop();
        registry.close();
    }

    /** A wired component, for tests and diagnostics. */
    public <T> T instance(Class<T> type) {
        return injector.getInstance(type);
    }

    public DecisionStore store() {
        return injector.getInstance(DecisionStore.class);
    }

    public Transport transport() {
        return injector.getInstance(Transport.class);
    }

    public List<DecisionSource> sources() {
        return injector.getInstance(DecisionSources.class).all();
    }
}
