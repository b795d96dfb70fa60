package io.jenkins.plugins.githostcredentials.core.health;

import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionReport;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The one line a build prints when the token it uses expires soon, so the people who run jobs learn of it too. */
public final class BuildLogNotice {

    private BuildLogNotice() {}

    /**
     * @param report the step's inspection of the token
     * @param days   the warning period (the plugin's global setting, default 14)
     * @param now    the build's clock
     * @return the line, or empty when the token expires later, never, or its expiry is not known
     */
    public static Optional<String> expiryNotice(InspectionReport report, int days, Instant now) {
        if (report == null || report.expiresAt().isEmpty()) {
            return Optional.empty();
        }
        return expiryNotice(report.host(), report.expiresAt().get(), days, now);
    }

    /**
     * The same line from the expiry the last health check stored, for a block that asked the host nothing (no
     * preflight): a build then costs no extra host call.
     *
     * @param expiresAt the stored expiry, or null when none is known
     */
    public static Optional<String> expiryNotice(HostKind hostKind, Instant expiresAt, int days, Instant now) {
        if (hostKind == null || expiresAt == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, expiresAt);
        String host = hostKind.displayName();
        if (left.isZero() || left.isNegative()) {
            return Optional.of("Git Host Credentials: the " + host + " token expired on " + HealthStatus.day(expiresAt)
                    + ": create a new one and update the credential.");
        }
        if (left.compareTo(Duration.ofDays(days)) > 0) {
            return Optional.empty();
        }
        return Optional.of("Git Host Credentials: the " + host + " token expires " + HealthRules.inDays(left) + " ("
                + HealthStatus.day(expiresAt) + "): ask an administrator to renew it before then.");
    }
}
