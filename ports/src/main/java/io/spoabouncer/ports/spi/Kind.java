package io.spoabouncer.ports.spi;

/**
 * A kind of component a plugin can contribute, with the context the host hands it. Where its settings
 * live and how the configuration names it is the kind's, so every plugin of a kind is configured alike.
 */
public final class Kind<T extends Component, C> {
    /** Named in {@code decisions.sources} (several at once); settings {@code decisions.<name>}. */
    public static final Kind<DecisionSource, SourceContext> DECISION_SOURCE = new Kind<>("decision source", DecisionSource.class);
    /** Named by {@code transport} (the SPOE listener); settings: the subtree of that name ({@code spoe}). */
    public static final Kind<Transport, TransportContext> TRANSPORT = new Kind<>("transport", Transport.class);
    /** Named by {@code metrics.backend}; settings {@code metrics}. */
    public static final Kind<MetricsAdapter, MetricsContext> METRICS = new Kind<>("metrics back end", MetricsAdapter.class);
    /** Named by {@code geo.backend}; settings {@code geo}. */
    public static final Kind<GeoService, GeoContext> GEO = new Kind<>("geo back end", GeoService.class);
    /** Named by {@code http.backend}: captcha verification and AppSec calls; settings {@code http}. */
    public static final Kind<HttpServices, HttpServicesContext> HTTP_SERVICES = new Kind<>("HTTP services back end", HttpServices.class);

    /** Named by {@code http.challenge.backend}: the listener serving AppSec challenges; settings {@code http.challenge}. */
    public static final Kind<ChallengeListener, ChallengeContext> CHALLENGE_LISTENER = new Kind<>("challenge listener", ChallengeListener.class);

    /** Named by {@code haproxy-maps.backend}: the decisions mirrored into HAProxy's maps; settings {@code haproxy-maps}. */
    public static final Kind<DecisionMirror, MirrorContext> MIRROR = new Kind<>("decision mirror", DecisionMirror.class);

    private final String label;
    private final Class<T> type;

    private Kind(String label, Class<T> type) {
        this.label = label;
        this.type = type;
    }

    /** How messages name it: "decision source", "transport", ... */
    public String label() {
        return label;
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public String toString() {
        return label;
    }
}
