package io.jenkins.plugins.githostcredentials.core.github;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One minted installation token and how many {@link TokenLease}s hold it. It is revoked once the last of them lets
 * go: at once if it is no longer the token its cache entry hands out ("retired"), after the cache's linger if its
 * app's policy says so.
 *
 * <p>Lock-free, so that leasing a cached token from many threads at once costs a compare-and-set: the lease count is
 * an atomic integer that becomes {@link #REVOKED} exactly once, by whoever finds the token idle and due for
 * revocation; after that nobody can acquire it.
 */
final class SharedToken {

    private static final int REVOKED = -1;

    final GitHubApp app;
    final InstallationToken token;
    /** The cache entry this token was minted for. */
    final InstallationTokens.Slot slot;

    private final AtomicInteger leases;
    private volatile boolean retired;
    private volatile boolean rejected;
    /** When the lease count last fell to zero (local clock). */
    private volatile Instant idleSince = Instant.MIN;
    /** Whether a linger check is scheduled; at most one is, however often the token is leased and released. */
    private final AtomicBoolean lingerCheckScheduled = new AtomicBoolean();
    /** When GitHub last showed it accepts this token: minted or checked (local clock). */
    private volatile Instant confirmedAt;

    SharedToken(GitHubApp app, InstallationToken token, InstallationTokens.Slot slot, int initialLeases,
            Instant mintedAt) {
        this.app = app;
        this.token = token;
        this.slot = slot;
        this.leases = new AtomicInteger(initialLeases);
        this.confirmedAt = mintedAt;
    }

    /** Takes one more lease, unless the token was already revoked. */
    boolean tryAcquire() {
        while (true) {
            int held = leases.get();
            if (held == REVOKED) {
                return false;
            }
            if (leases.compareAndSet(held, held + 1)) {
                return true;
            }
        }
    }

    /**
     * Gives back one lease.
     *
     * @return true when nobody holds the token any more
     */
    boolean release(Instant now) {
        if (leases.decrementAndGet() != 0) {
            return false;
        }
        idleSince = now;
        return true;
    }

    boolean isRetired() {
        return retired;
    }

    Instant idleSince() {
        return idleSince;
    }

    /** @return true when the caller must schedule the linger check (none is pending) */
    boolean claimLingerCheck() {
        return lingerCheckScheduled.compareAndSet(false, true);
    }

    /** The pending linger check runs now; a later release schedules a new one. */
    void endLingerCheck() {
        lingerCheckScheduled.set(false);
    }

    Instant confirmedAt() {
        return confirmedAt;
    }

    void confirmed(Instant now) {
        confirmedAt = now;
    }

    PendingRevocation revocation() {
        return PendingRevocation.of(app, token);
    }

    /**
     * The cache hands this token out no more (replaced, evicted, rejected or too old).
     *
     * @return true when nobody holds it, so the caller must revoke it now
     */
    boolean retire() {
        retired = true;
        return claimRevocation();
    }

    void markRejected() {
        rejected = true;
    }

    boolean isRejected() {
        return rejected;
    }

    /** Still fit to hand out: not rejected or revoked, and with at least {@code minimum} left to live. */
    boolean servable(Instant githubNow, Duration minimum) {
        return !rejected && leases.get() != REVOKED && remaining(githubNow).compareTo(minimum) >= 0;
    }

    Duration remaining(Instant githubNow) {
        return Duration.between(githubNow, token.expiresAt());
    }

    /** Only an idle token can be revoked, and only once: the winner of this race revokes it. */
    boolean claimRevocation() {
        return leases.compareAndSet(0, REVOKED);
    }
}
