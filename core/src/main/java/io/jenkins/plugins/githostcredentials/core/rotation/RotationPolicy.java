package io.jenkins.plugins.githostcredentials.core.rotation;

import java.time.Duration;
import java.time.Instant;

/**
 * A credential's "rotate N days before expiry" option: off by default, because a rotation revokes the old token and
 * anything else using it (another Jenkins, a script) stops working.
 *
 * @param daysBeforeExpiry rotate once the token expires within this many days; 0 = off
 */
public record RotationPolicy(int daysBeforeExpiry) {

    public static final RotationPolicy OFF = new RotationPolicy(0);

    public RotationPolicy {
        if (daysBeforeExpiry < 0 || daysBeforeExpiry > 365) {
            throw new IllegalArgumentException("Rotate between 1 and 365 days before expiry (0 = never), got "
                    + daysBeforeExpiry);
        }
    }

    public boolean enabled() {
        return daysBeforeExpiry > 0;
    }

    /** True when the option is on and the token (expiring at {@code expiresAt}, null = never) is within the window. */
    public boolean isDue(Instant expiresAt, Instant now) {
        return enabled() && expiresAt != null
                && Duration.between(now, expiresAt).compareTo(Duration.ofDays(daysBeforeExpiry)) <= 0;
    }
}
