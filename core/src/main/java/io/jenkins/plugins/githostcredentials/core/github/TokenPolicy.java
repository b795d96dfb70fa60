package io.jenkins.plugins.githostcredentials.core.github;

/** What happens to an installation token when nobody holds it any more. Chosen per app credential. */
public enum TokenPolicy {

    /**
     * Secure default: concurrent users share one token, and it is revoked on GitHub
     * {@link TokenCacheSettings#linger()} after the last lease on it is released (a lease within that time takes it
     * back), so no token outlives the builds that used it by more than the linger.
     */
    REVOKE_WHEN_RELEASED,

    /**
     * For very busy controllers: a released token stays cached and is handed to later users until shortly before
     * it expires, trading a longer-lived token for fewer calls to GitHub.
     */
    REUSE_UNTIL_EXPIRY
}
