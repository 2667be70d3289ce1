package io.spoabouncer.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import io.spoabouncer.app.plugins.PluginRegistry;
import io.spoabouncer.core.challenge.ChallengeService;
import io.spoabouncer.core.challenge.ChallengeSettings;
import io.spoabouncer.core.decisions.ReadOnlyDecisions;
import io.spoabouncer.ports.in.ChallengeRelay;
import io.spoabouncer.core.http.CurrentHostPolicies;
import io.spoabouncer.core.http.HostsSettings;
import io.spoabouncer.core.http.HttpRemediation;
import io.spoabouncer.core.remediation.RemediationService;
import io.spoabouncer.core.usage.UsageTally;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.http.HostMatcher;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.in.RequestHandler;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.DecisionView;
import io.spoabouncer.ports.spi.GeoService;
import io.spoabouncer.ports.spi.HttpServices;
import io.spoabouncer.settings.hocon.HoconSettings;

/** The hexagon's core: the store, the remediation service, the effective config and the plugin registry. */
public final class CoreModule extends AbstractModule {
    private final Config config;
    private final PluginRegistry registry;

    public CoreModule(Config config, PluginRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @Override
    protected void configure() {
        bind(Config.class).toInstance(config);
        bind(PluginRegistry.class).toInstance(registry);
        bind(Components.class).toInstance(new Components(registry));
    }

    @Provides
    @Singleton
    AppSettings appSettings() {
        return AppSettings.from(new HoconSettings(config, ""));
    }

    @Provides
    @Singleton
    DecisionStore store() {
        return new DecisionStore();
    }

    @Provides
    @Singleton
    DecisionView decisionView(DecisionStore store) {
        return new ReadOnlyDecisions(store);
    }

    @Provides
    @Singleton
    DecisionFactory decisionFactory() {
        return new DecisionFactory();
    }

    @Provides
    @Singleton
    UsageTally usage() {
        return new UsageTally();
    }

    @Provides
    @Singleton
    HostsSettings hosts() {
        return hostsOf(config);
    }

    /** The host policies in force, for the mirrors (a reload replaces them). */
    @Provides
    @Singleton
    CurrentHostPolicies currentHosts(HostsSettings hosts) {
        return new CurrentHostPolicies(hosts.hosts());
    }

    /** http.* of a configuration: the hosts, captcha and AppSec settings (AppSec's key defaults to the LAPI key). */
    public static HostsSettings hostsOf(Config config) {
        String lapiKey = config.hasPath("decisions.http.api-key") ? config.getString("decisions.http.api-key") : "";
        return HostsSettings.from(HoconSettings.at(config, "http"), lapiKey);
    }

    @Provides
    @Singleton
    ChallengeSettings challengeSettings() {
        return ChallengeSettings.from(HoconSettings.at(config, "http.challenge"));
    }

    @Provides
    @Singleton
    RemediationService remediation(DecisionStore store, Components.Created<GeoService> geo, AgentMetrics metrics, HostsSettings hosts,
                                   Components.Created<HttpServices> services, UsageTally usage, ChallengeSettings challenges) {
        return new RemediationService(store, geo.component(), metrics, httpFlow(hosts, services.component(), challenges, metrics), usage);
    }

    /** The per-host HTTP part, built at start and again by a hot reload. */
    public static HttpRemediation httpFlow(HostsSettings hosts, HttpServices http, ChallengeSettings challenges, AgentMetrics metrics) {
        return new HttpRemediation(new HostMatcher(hosts.hosts()), hosts.captchaFallback(), http.captchaVerifier(),
                http.appSecClient(), hosts.appsec(), challenges, metrics, System::currentTimeMillis);
    }

    @Provides
    @Singleton
    RequestHandler requestHandler(RemediationService remediation) {
        return remediation;
    }

    @Provides
    @Singleton
    ChallengeRelay challengeRelay(ChallengeService service) {
        return service;
    }

    @Provides
    @Singleton
    ChallengeService challengeService(ChallengeSettings challenges, RemediationService remediation, Components.Created<HttpServices> services,
                                      HostsSettings hosts, AgentMetrics metrics) {
        return new ChallengeService(challenges, remediation, services.component().appSecClient(), hosts.hosts(), hosts.appsec(),
                metrics, System::currentTimeMillis);
    }
}
