package io.jenkins.plugins.githostcredentials.core.github;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link InstallationTokens} caches. GitHub installation tokens live 60 minutes.
 *
 * @param minimumRemainingLifetime a token is handed out only while it has at least this long to live. The default,
 *     45 minutes, covers a long build step that reads the token once (a checkout, a test run, a push in one
 *     environment variable) while a token is still shared for its first 15 minutes; longer builds call
 *     {@link TokenLease#currentToken()} for a fresh one. The cost is at most a few mints per hour per
 *     (installation, narrowing), far below GitHub's limits.
 * @param refreshAhead how long before a token falls below the minimum a replacement is minted; until the replacement
 *     arrives (or if minting it fails) the still-valid token keeps being served
 * @param maximumTokens how many distinct (app, installation, repositories, permissions) entries are kept; the least
 *     recently used is dropped first, and a dropped token still in use stays valid until its last user releases it
 * @param maximumInstallationLookups how many owner/repository to installation ID answers are remembered
 * @param linger with {@link TokenPolicy#REVOKE_WHEN_RELEASED}, how long a token nobody holds any more is kept for the
 *     next lease on the same entry before it is revoked: back-to-back builds then share one token, and each token is
 *     still revoked this long after its last use. {@link Duration#ZERO} revokes at the last release.
 */
public record TokenCacheSettings(Duration minimumRemainingLifetime, Duration refreshAhead, int maximumTokens,
        int maximumInstallationLookups, Duration linger) {

    /** A token kept for the next lease is still one nobody uses: keep that window short. */
    static final Duration LONGEST_LINGER = Duration.ofMinutes(10);

    /** Tokens must be servable for a while after they are minted, despite the skew GitHub's clock may have. */
    static final Duration LONGEST_USEFUL_MINIMUM = Duration.ofMinutes(55);

    /** Long enough to bridge the gap between sequential builds or stages, short enough to end a token soon. */
    public static final Duration DEFAULT_LINGER = Duration.ofSeconds(30);

    public TokenCacheSettings {
        Objects.requireNonNull(minimumRemainingLifetime, "minimumRemainingLifetime");
        Objects.requireNonNull(refreshAhead, "refreshAhead");
        if (minimumRemainingLifetime.isNegative() || minimumRemainingLifetime.isZero()) {
            throw new IllegalArgumentException("minimumRemainingLifetime must be positive, got " + minimumRemainingLifetime);
        }
        if (refreshAhead.isNegative()) {
            throw new IllegalArgumentException("refreshAhead must not be negative, got " + refreshAhead);
        }
        if (minimumRemainingLifetime.plus(refreshAhead).compareTo(LONGEST_USEFUL_MINIMUM) > 0) {
            throw new IllegalArgumentException("minimumRemainingLifetime + refreshAhead must be at most 55 minutes "
                    + "(GitHub tokens live 60 minutes), got " + minimumRemainingLifetime.plus(refreshAhead).toMinutes() + " minutes");
        }
        if (maximumTokens < 1 || maximumInstallationLookups < 1) {
            throw new IllegalArgumentException("maximumTokens and maximumInstallationLookups must be at least 1");
        }
        Objects.requireNonNull(linger, "linger");
        if (linger.isNegative() || linger.compareTo(LONGEST_LINGER) > 0) {
            throw new IllegalArgumentException("linger must be between 0 (revoke at the last release) and "
                    + LONGEST_LINGER.toMinutes() + " minutes, got " + linger.toSeconds() + " seconds");
        }
    }

    /**
     * 45 minutes minimum remaining lifetime, refresh 5 minutes ahead of that, 1,000 tokens, 1,000 lookups, and a
     * linger of 30 seconds.
     */
    public static TokenCacheSettings defaults() {
        return new TokenCacheSettings(Duration.ofMinutes(45), Duration.ofMinutes(5), 1_000, 1_000, DEFAULT_LINGER);
    }

    /** The same settings with another {@link #linger()}. */
    public TokenCacheSettings withLinger(Duration newLinger) {
        return new TokenCacheSettings(minimumRemainingLifetime, refreshAhead, maximumTokens, maximumInstallationLookups,
                newLinger);
    }
}
