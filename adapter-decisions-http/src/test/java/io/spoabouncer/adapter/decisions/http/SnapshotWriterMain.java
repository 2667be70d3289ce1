package io.spoabouncer.adapter.decisions.http;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import java.nio.file.Path;

/**
 * A child process for {@link SnapshotKillTest}: writes one whole snapshot of {@code n} decisions, says
 * "wrote", then starts the next one and stops half way through it, saying "halfway", so the test kills it
 * (SIGKILL) in the middle of a real snapshot write.
 */
public final class SnapshotWriterMain {
    private SnapshotWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        DecisionFactory f = new DecisionFactory();
        DecisionSnapshot snapshot = new DecisionSnapshot(path);
        for (int gen = 1; gen <= 2; gen++) {
            String scenario = "generation-" + gen;
            boolean last = gen == 2;
            snapshot.write(visit -> {
                for (int i = 0; i < n; i++) {
                    visit.accept(f.create("Ip", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), "ban", "crowdsec", scenario,
                            Decision.NEVER_EXPIRES, "http"));
                    if (last && i == n / 2) {
                        System.out.println("halfway");
                        System.out.flush();
                        try {
                            Thread.sleep(Long.MAX_VALUE); // killed here
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, System.currentTimeMillis());
            if (!last) {
                System.out.println("wrote");
                System.out.flush();
            }
        }
    }
}
