package io.spoabouncer.ports.spi;

/** The HTTP listener HAProxy routes AppSec-challenged requests to ({@code http.challenge.listen}). */
public interface ChallengeListener extends Component {
}
