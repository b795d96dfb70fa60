package io.jenkins.plugins.githostcredentials.core.health;

import java.time.Duration;

/**
 * What the periodic health check treats as worth an administrator's attention.
 *
 * @param expiryWarningDays warn when a token expires within this many days (default 14: two weeks is enough to
 *                          renew a token calmly, including over a holiday)
 * @param unreachableAfter  how long a host must fail every check before it is reported as unreachable (default 24
 *                          hours, so a short outage or a maintenance window never raises an alarm)
 * @param lowBudgetShare    skip a check when less than this share of the host's rate-limit budget is left (default
 *                          0.1): jobs need the requests more than the health check does
 */
public record HealthSettings(int expiryWarningDays, Duration unreachableAfter, double lowBudgetShare) {

    public static final int DEFAULT_EXPIRY_WARNING_DAYS = 14;

    public HealthSettings {
        if (expiryWarningDays < 0 || expiryWarningDays > 366) {
            throw new IllegalArgumentException("The expiry warning must be between 0 and 366 days, got "
                    + expiryWarningDays);
        }
        if (unreachableAfter == null || unreachableAfter.isNegative()) {
            throw new IllegalArgumentException("unreachableAfter must be zero or positive, got " + unreachableAfter);
        }
        if (!(lowBudgetShare >= 0 && lowBudgetShare < 1)) {
            throw new IllegalArgumentException("lowBudgetShare must be at least 0 and below 1, got " + lowBudgetShare);
        }
    }

    /** 14 days, 24 hours, 10 %. */
    public static HealthSettings defaults() {
        return new HealthSettings(DEFAULT_EXPIRY_WARNING_DAYS, Duration.ofHours(24), 0.1);
    }

    public HealthSettings withExpiryWarningDays(int days) {
        return new HealthSettings(days, unreachableAfter, lowBudgetShare);
    }
}
