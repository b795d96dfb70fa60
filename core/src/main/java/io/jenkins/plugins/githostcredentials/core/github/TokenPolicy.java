package io.jenkins.plugins.githostcredentials.core.github;

/** What happens to an installation token when nobody holds it any more. Chosen per app credential. */
public enum TokenPolicy {

    /**
     * Secure default: concurrent users share one token, and it is revoked on GitHub as soon as the last lease on it
     * is released, so no token outlives the builds that used it.
     */
    REVOKE_WHEN_RELEASED,

    /**
     * For very busy controllers: a released token stays cached and is handed to later users until shortly before
     * it expires, trading a longer-lived token for fewer calls to GitHub.
     */
    REUSE_UNTIL_EXPIRY
}
