package io.spoabouncer.core.decisions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spoabouncer.domain.decision.Decision;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.store.DecisionStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiryPurgerTest {
    @Test
    void expiredDecisionsAreFreedAtTheInterval() throws Exception {
        DecisionStore store = new DecisionStore();
        DecisionFactory f = new DecisionFactory();
        long now = System.currentTimeMillis();
        store.apply("s", List.of(f.create("Ip", "1.1.1.1", "ban", "o", "", now + 100, "s"),
                f.create("Ip", "1.1.1.2", "ban", "o", "", Decision.NEVER_EXPIRES, "s")), List.of());
        ExpiryPurger purger = new ExpiryPurger(store, Duration.ofMillis(100));
        purger.start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> store.size() == 1);
            assertEquals("1.1.1.2", store.all().get(0).value());
        } finally {
            purger.stop();
        }
    }
}
