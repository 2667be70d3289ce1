package io.spoabouncer.adapter.decisions.http;

import io.spoabouncer.core.usage.UsageTally;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.ip.IpAddress;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.out.DecisionSink;
import io.spoabouncer.settings.hocon.HoconSettings;

/** What the LAPI-source tests share: a started source against a (fake) LAPI, and the lookup that says what the agent answers. */
final class LapiSources {
    /** Fast polls and retries, so faults and recoveries take a second, not minutes. */
    static final String FAST = "update-frequency = 1s\nretry { initial = 100ms, max = 200ms }\n";

    private LapiSources() {
    }

    /**
     * A source of LAPI at {@code url} with key {@code key}, {@link #FAST}, then {@code settings} (later keys win);
     * not started: a test holds it first, since its sink may look at it while it starts.
     */
    static HttpDecisionSource create(String url, String key, DecisionSink sink, UsageTally usage, String settings) throws Exception {
        LapiSettings s = LapiSettings.from(HoconSettings.of("decisions.http",
                "api-url = \"" + url + "\"\napi-key = " + key + "\n" + FAST + settings));
        return new HttpDecisionSource("http", s, sink, new DecisionFactory(), usage, System::currentTimeMillis);
    }

    static boolean banned(DecisionStore store, String ip) {
        IpAddress a = IpAddress.parse(ip);
        return store.lookup(a.hi(), a.lo(), 0, -1) != null;
    }
}
