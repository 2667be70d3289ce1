package io.spoabouncer.app;

import io.spoabouncer.ports.spi.DecisionSource;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness for systemd's {@code Type=notify}: once the SPOE listener is up (the agent has started) and
 * every decision source has loaded (or loaded its snapshot), {@code systemd-notify --ready} tells systemd
 * (the unit sets {@code NotifyAccess=all}, since the notification comes from that child process). Before
 * that the unit is "activating": HAProxy's requests would meet an agent with no decisions.
 */
final class SystemdNotify {
    private static final Logger log = LoggerFactory.getLogger(SystemdNotify.class);

    private SystemdNotify() {
    }

    static void whenReady(Agent agent) {
        Thread t = new Thread(() -> {
            try {
                while (!agent.sources().stream().allMatch(DecisionSource::isLoaded)) {
                    TimeUnit.MILLISECONDS.sleep(100); // waiting for the first decisions; no event to wait on across sources
                }
                String status = "serving " + agent.store().size() + " decisions";
                Process p = new ProcessBuilder("systemd-notify", "--ready", "--status=" + status).inheritIO().start();
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    log.warn("systemd-notify --ready failed (exit {}): systemd may not see the agent as started", p.isAlive() ? "timeout" : p.exitValue());
                } else {
                    log.info("ready: systemd notified ({})", status);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                log.warn("cannot run systemd-notify: {}", e.toString());
            }
        }, "systemd-notify");
        t.setDaemon(true);
        t.start();
    }
}
