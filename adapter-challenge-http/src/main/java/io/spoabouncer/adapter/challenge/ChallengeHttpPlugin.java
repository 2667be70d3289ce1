package io.spoabouncer.adapter.challenge;

import io.spoabouncer.ports.spi.Factory;
import io.spoabouncer.ports.spi.Kind;
import io.spoabouncer.ports.spi.Plugin;
import java.util.List;
import java.util.Set;

/** Registers the {@code jdk} challenge listener; settings under {@code http.challenge}. */
public final class ChallengeHttpPlugin implements Plugin {
    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public List<Factory<?, ?>> factories() {
        return List.of(Factory.of(Kind.CHALLENGE_LISTENER, "jdk", Set.of("signing-key"),
                (settings, context) -> new ChallengeHttpListener(ChallengeHttpSettings.from(settings), context)));
    }
}
