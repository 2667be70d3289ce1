package io.spoabouncer.core.challenge;

import io.spoabouncer.ports.spi.Settings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code http.challenge}: whether AppSec challenges can be served (a listener is configured), the key
 * the relay tokens are signed with (shared by every agent of a fleet) and how long a token lives.
 */
public record ChallengeSettings(boolean enabled, byte[] signingKey, Duration tokenTtl) {
    public static final ChallengeSettings OFF = new ChallengeSettings(false, new byte[0], Duration.ofMinutes(5));

    public static ChallengeSettings from(Settings c) {
        boolean enabled = !c.string("listen").isBlank();
        Duration ttl = c.duration("token-ttl");
        if (ttl.toSeconds() < 5 || ttl.toHours() > 24) {
            throw c.invalid("token-ttl", ttl + " (expected: 5s..24h; it must outlive solving the challenge)");
        }
        byte[] key = c.string("signing-key").getBytes(StandardCharsets.UTF_8);
        if (enabled && key.length < 32) {
            throw c.invalid("signing-key", "missing or shorter than 32 bytes: it signs the challenge relay tokens"
                    + " (set the same key on every agent behind one HAProxy)");
        }
        return new ChallengeSettings(enabled, key, ttl);
    }
}
