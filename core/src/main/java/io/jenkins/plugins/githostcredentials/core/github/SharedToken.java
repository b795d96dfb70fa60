package io.jenkins.plugins.githostcredentials.core.github;

import java.time.Duration;
import java.time.Instant;

/**
 * One minted installation token and who holds it. Several {@link TokenLease}s may share it; it is revoked when the
 * last of them lets go, if its app's policy says so or if it is no longer the token its cache entry hands out.
 */
final class SharedToken {

    final GitHubApp app;
    final InstallationToken token;
    /** The cache entry this token was minted for; guards which token is current. */
    final InstallationTokens.Slot slot;

    private int leases;
    private boolean retired;
    private boolean rejected;
    private boolean revoked;

    SharedToken(GitHubApp app, InstallationToken token, InstallationTokens.Slot slot, int initialLeases) {
        this.app = app;
        this.token = token;
        this.slot = slot;
        this.leases = initialLeases;
    }

    /** Takes one more lease, unless the token was already revoked. */
    synchronized boolean tryAcquire() {
        if (revoked) {
            return false;
        }
        leases++;
        return true;
    }

    /**
     * Gives back one lease.
     *
     * @return true when the caller must now revoke the token on GitHub (done outside any lock)
     */
    synchronized boolean release() {
        leases--;
        return revokeIfIdle();
    }

    /**
     * The cache hands this token out no more (replaced, evicted, rejected or too old).
     *
     * @return true when nobody holds it, so the caller must revoke it now
     */
    synchronized boolean retire() {
        retired = true;
        return revokeIfIdle();
    }

    synchronized void markRejected() {
        rejected = true;
    }

    synchronized boolean isRejected() {
        return rejected;
    }

    /** Still fit to hand out: not rejected or revoked, and with at least {@code minimum} left to live. */
    synchronized boolean servable(Instant githubNow, Duration minimum) {
        return !rejected && !revoked && remaining(githubNow).compareTo(minimum) >= 0;
    }

    Duration remaining(Instant githubNow) {
        return Duration.between(githubNow, token.expiresAt());
    }

    private boolean revokeIfIdle() {
        boolean revokeNow = leases == 0 && !revoked && (retired || app.tokenPolicy() == TokenPolicy.REVOKE_WHEN_RELEASED);
        if (revokeNow) {
            revoked = true;
        }
        return revokeNow;
    }
}
