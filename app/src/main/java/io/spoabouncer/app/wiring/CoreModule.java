package io.spoabouncer.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import io.spoabouncer.app.config.HoconSettings;
import io.spoabouncer.app.geo.MaxMindGeoLocator;
import io.spoabouncer.app.http.HostsSettings;
import io.spoabouncer.app.http.HttpAppSecClient;
import io.spoabouncer.app.http.HttpCaptchaVerifier;
import io.spoabouncer.ports.out.AppSecClient;
import io.spoabouncer.domain.http.HostMatcher;
import io.spoabouncer.ports.out.CaptchaVerifier;
import io.spoabouncer.ports.service.HttpRemediation;
import io.spoabouncer.app.plugins.PluginRegistry;
import io.spoabouncer.domain.decision.DecisionFactory;
import io.spoabouncer.domain.store.DecisionStore;
import io.spoabouncer.ports.in.RequestHandler;
import io.spoabouncer.ports.out.AgentMetrics;
import io.spoabouncer.ports.out.GeoLocator;
import io.spoabouncer.ports.service.RemediationService;

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
    }

    @Provides
    @Singleton
    AppSettings appSettings() {
        return AppSettings.from(HoconSettings.at(config, "decisions"), new HoconSettings(config, ""));
    }

    @Provides
    @Singleton
    DecisionStore store() {
        return new DecisionStore();
    }

    @Provides
    @Singleton
    DecisionFactory decisionFactory() {
        return new DecisionFactory();
    }

    @Provides
    @Singleton
    MaxMindGeoLocator maxMind(DecisionStore store) {
        return new MaxMindGeoLocator(HoconSettings.at(config, "geo"), store);
    }

    @Provides
    @Singleton
    GeoLocator geo(MaxMindGeoLocator maxMind) {
        return maxMind;
    }

    @Provides
    @Singleton
    HostsSettings hosts() {
        String lapiKey = config.hasPath("decisions.http.api-key") ? config.getString("decisions.http.api-key") : "";
        return HostsSettings.from(HoconSettings.at(config, "http"), lapiKey);
    }

    @Provides
    @Singleton
    AppSecClient appSecClient(HostsSettings hosts) {
        return new HttpAppSecClient(hosts.appsecMaxConcurrent());
    }

    @Provides
    @Singleton
    CaptchaVerifier captchaVerifier() {
        return new HttpCaptchaVerifier();
    }

    @Provides
    @Singleton
    RequestHandler requestHandler(DecisionStore store, GeoLocator geo, AgentMetrics metrics, HostsSettings hosts, CaptchaVerifier verifier,
                                  AppSecClient appsec) {
        HttpRemediation http = new HttpRemediation(new HostMatcher(hosts.hosts()), hosts.captchaFallback(), verifier, appsec, hosts.appsec(),
                metrics, System::currentTimeMillis);
        return new RemediationService(store, geo, metrics, http);
    }
}
