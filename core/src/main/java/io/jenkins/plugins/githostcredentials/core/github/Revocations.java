package io.jenkins.plugins.githostcredentials.core.github;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Revokes installation tokens in the {@link Background}, never on the caller's thread, and keeps the
 * {@link RevocationJournal} up to date. Each call is bounded by {@link #CALL_TIMEOUT}, within which the HTTP client
 * retries 5xx and 429 answers as GitHub asks (Retry-After). A token that has expired by GitHub's clock is not sent:
 * GitHub would only answer 401.
 */
final class Revocations {

    private static final Logger LOGGER = Logger.getLogger(Revocations.class.getName());

    /** One revocation, retries included, gives up after this long; the token then stays in the journal. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final GitHubAppApi api;
    private final RevocationJournal journal;
    private final Background background;
    private final Object lock = new Object();
    /** Revocations handed to the background and not yet finished. Guarded by {@link #lock}. */
    private int unfinished;

    Revocations(GitHubAppApi api, RevocationJournal journal, Background background) {
        this.api = api;
        this.journal = journal;
        this.background = background;
    }

    /** Notes a freshly minted token in the journal; a failing journal costs the restart guarantee, not the mint. */
    void record(PendingRevocation revocation) {
        try {
            journal.record(revocation);
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Could not note a token of installation " + revocation.installationId()
                    + " for revocation after a restart: " + e.getMessage(), e);
        }
    }

    /** Hands the revocation to the background and returns at once. */
    void revokeSoon(PendingRevocation revocation) {
        synchronized (lock) {
            unfinished++;
        }
        try {
            background.execute(() -> revoke(revocation));
        } catch (RejectedExecutionException e) {
            finished();
            LOGGER.log(Level.WARNING, "Could not queue the revocation of a token of installation {0} at {1}; it stays "
                    + "valid until {2}", new Object[] {revocation.installationId(), revocation.apiBaseUrl(),
                            revocation.expiresAt()});
        }
    }

    /** Runs {@code task} in the background once {@code delay} has passed. */
    void later(Duration delay, Runnable task) {
        background.schedule(delay, task);
    }

    /** Waits up to {@code wait} for every revocation handed over so far; returns whether they all finished. */
    boolean awaitFinished(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        synchronized (lock) {
            while (unfinished > 0) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void revoke(PendingRevocation revocation) {
        try {
            Instant githubNow = api.githubNow(revocation.apiBaseUrl());
            if (!githubNow.isBefore(revocation.expiresAt())) {
                LOGGER.log(Level.FINE, "Not revoking a token of installation {0} at {1}: it expired at {2}",
                        new Object[] {revocation.installationId(), revocation.apiBaseUrl(), revocation.expiresAt()});
                forget(revocation);
            } else if (api.revoke(revocation, api.deadlineAfter(CALL_TIMEOUT))) {
                forget(revocation);
            }
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Revoking a token of installation " + revocation.installationId() + " at "
                    + revocation.apiBaseUrl() + " failed; it stays valid until " + revocation.expiresAt(), e);
        } finally {
            finished();
        }
    }

    private void forget(PendingRevocation revocation) {
        try {
            journal.forget(revocation);
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Could not drop a revoked token of installation " + revocation.installationId()
                    + " from the journal: " + e.getMessage(), e);
        }
    }

    private void finished() {
        synchronized (lock) {
            unfinished--;
            lock.notifyAll();
        }
    }
}
