package io.jenkins.plugins.githostcredentials.core.health;

/** How urgent a credential's state is; declared most urgent first, so {@link #compareTo} sorts a monitor. */
public enum Severity {
    /** A rotation revoked the old token and its successor is held only in memory: store it now or lose it. */
    ROTATION_NOT_STORED("rotated, new token not stored"),
    /** The token's expiry date has passed. */
    EXPIRED("expired"),
    /** The host refused the token, or a GitHub App's key or installation: jobs using it fail now. */
    REJECTED("rejected"),
    /** The token expires within the warning period. */
    EXPIRING_SOON("expires soon"),
    /** The token no longer does what the job's recorded requirements ask. */
    MISSING_PERMISSIONS("missing permissions"),
    /** A mechanism the host retired or is retiring (Bitbucket Cloud app passwords, Azure DevOps global PATs). */
    RETIRED_MECHANISM("retired mechanism"),
    /** The token can do far more than its recorded requirements ask. */
    OVER_PRIVILEGED("over-privileged"),
    /** A GitHub App installation's permissions differ from the last check. */
    PERMISSIONS_CHANGED("permissions changed"),
    /** Every check for at least a day failed to reach the host. */
    UNREACHABLE("host unreachable"),
    /** Nothing to do. */
    OK("OK"),
    /** Not checked this time (rate-limit budget low, or never checked): says why. */
    SKIPPED("not checked");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** A short lower-case label for a monitor column. */
    public String label() {
        return label;
    }

    /** True for the states an administrative monitor lists. */
    public boolean needsAttention() {
        return compareTo(OK) < 0;
    }

    /** The more urgent of the two. */
    static Severity worst(Severity a, Severity b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
