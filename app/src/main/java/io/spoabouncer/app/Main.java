package io.spoabouncer.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.typesafe.config.Config;
import io.netty.util.ResourceLeakDetector;
import io.spoabouncer.app.config.ConfigLoader;
import io.spoabouncer.app.config.InvalidConfigException;
import io.spoabouncer.app.lifecycle.StartupException;
import io.spoabouncer.migrate.GoConfigMigration;
import io.spoabouncer.app.plugins.PluginLoadException;
import io.spoabouncer.ports.spi.ConfigurationException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The command line: {@code spoa-bouncer [--config FILE] [--check-config] [--version] [--help]}. */
public final class Main {
    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: spoa-bouncer [--config FILE] [--check-config] [--version] [--help]",
            "       spoa-bouncer migrate-config GO-BOUNCER.yaml [--output FILE]",
            "",
            "A CrowdSec remediation component for HAProxy: an SPOE agent that answers HAProxy with",
            "txn.crowdsec.* variables (remediation = allow, ban or captcha) for each connection and request.",
            "",
            "  --config FILE     HOCON file layered over the defaults (see docs/configuration.md)",
            "  --check-config    validate the configuration and plugins, then exit 0 (valid) or 1",
            "                    (a running agent reloads its --config file on SIGHUP or when it changes)",
            "  --version         print the version and exit",
            "  --help            print this help and exit",
            "  migrate-config    turn a Go cs-haproxy-spoa-bouncer YAML config (with its .local overlay and",
            "                    hosts_dir) into this agent's HOCON; keys without equivalent become comments",
            "",
            "Without --config the embedded defaults apply: SPOE on 127.0.0.1:9000, decisions from",
            "the example files under examples/decisions (no LAPI needed).",
            "",
            "JVM: run it with -XX:+ExitOnOutOfMemoryError (scripts/jvm.options) so that running out of memory",
            "ends the process and its supervisor restarts it, instead of a half-alive agent that fails open.",
            "Heap: about 64 MB plus 170 bytes per decision held, and a LAPI startup pull parses the whole",
            "answer at once: -Xmx256m up to 100k decisions, -Xmx768m for 1M (see README, Sizing).");

    private Main() {
    }

    public static void main(String[] args) {
        // Netty samples 1% of buffers for leak tracking by default, which allocates on the request path.
        // Tests run it at PARANOID; in production it is off unless asked for (-Dio.netty.leakDetection.level).
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("migrate-config")) {
            return migrate(args, out, err);
        }
        Path configFile = null;
        boolean check = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help":
                case "-h":
                    out.println(USAGE);
                    return 0;
                case "--version":
                case "-V":
                    out.println("spoa-bouncer " + Version.get());
                    return 0;
                case "--check-config":
                case "-t":
                    check = true;
                    break;
                case "--config":
                case "-c":
                    if (i + 1 >= args.length) {
                        err.println("spoa-bouncer: --config needs a file");
                        return 2;
                    }
                    configFile = Path.of(args[++i]);
                    break;
                default:
                    err.println("spoa-bouncer: unknown argument '" + args[i] + "'");
                    err.println(USAGE);
                    return 2;
            }
        }
        Agent agent;
        try {
            Config user = ConfigLoader.parseUserFile(configFile);
            setLogLevel(ConfigLoader.effective(user, com.typesafe.config.ConfigFactory.defaultReference()).getString("logging.level"));
            agent = Agent.create(user);
        } catch (InvalidConfigException | ConfigurationException | PluginLoadException e) {
            err.println("spoa-bouncer: invalid configuration" + (configFile == null ? "" : " (" + configFile + ")") + ":");
            for (String line : e.getMessage().split("\\R")) {
                err.println("  " + line);
            }
            return 1;
        }
        if (check) {
            agent.close();
            out.println("configuration is valid");
            return 0;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        if (!exitsOnOutOfMemory()) {
            log.warn("the JVM runs without -XX:+ExitOnOutOfMemoryError: after an OutOfMemoryError the agent could stay up answering"
                    + " nothing, and HAProxy's set-on-error would let every request through. Start it with scripts/run.sh or add the flag.");
        }
        try {
            agent.start();
        } catch (StartupException e) {
            log.error("{}", e.getMessage(), e.getCause());
            agent.close();
            return 1;
        }
        if (System.getenv("NOTIFY_SOCKET") != null) {
            SystemdNotify.whenReady(agent);
        }
        if (configFile != null) {
            Reloader reloader = new Reloader(configFile, agent);
            reloader.onSighup();
            reloader.watch();
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            agent.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** {@code migrate-config GO.yaml [--output FILE]}: the Go bouncer's YAML as this agent's HOCON. */
    static int migrate(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 && !(args.length == 4 && args[2].equals("--output"))) {
            err.println("Usage: spoa-bouncer migrate-config crowdsec-spoa-bouncer.yaml [--output spoa-bouncer.conf]");
            return 2;
        }
        try {
            String hocon = new GoConfigMigration(System.getenv()).migrate(Path.of(args[1]));
            if (args.length == 4) {
                java.nio.file.Files.writeString(Path.of(args[3]), hocon);
                out.println("wrote " + args[3] + "; check it with: spoa-bouncer --config " + args[3] + " --check-config");
            } else {
                out.print(hocon);
            }
            return 0;
        } catch (java.io.IOException | RuntimeException e) {
            err.println("spoa-bouncer: cannot migrate " + args[1] + ": " + e.getMessage());
            return 1;
        }
    }

    /** True when an OutOfMemoryError ends the JVM (ExitOnOutOfMemoryError or CrashOnOutOfMemoryError). */
    static boolean exitsOnOutOfMemory() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean vm = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            return "true".equals(vm.getVMOption("ExitOnOutOfMemoryError").getValue())
                    || "true".equals(vm.getVMOption("CrashOnOutOfMemoryError").getValue());
        } catch (RuntimeException e) {
            return false; // not HotSpot: cannot tell
        }
    }

    private static void setLogLevel(String level) {
        LogLevel.set(level);
    }
}
