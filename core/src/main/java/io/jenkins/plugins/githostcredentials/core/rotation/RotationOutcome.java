package io.jenkins.plugins.githostcredentials.core.rotation;

import java.util.Objects;
import java.util.Optional;

/**
 * How a rotation ended, one value per failure point, each saying which token works now and what to do.
 */
public final class RotationOutcome {

    /** Where the rotation got to. */
    public enum Result {
        /** Rotated, stored, and the new token answered GitLab: done. */
        ROTATED(true, true),
        /** Rotated and stored; GitLab could not be asked whether the new token works (the next check will tell). */
        ROTATED_UNVERIFIED(true, true),
        /** Rotated and stored, but GitLab refused the new token: create a new token by hand. */
        ROTATED_NEW_TOKEN_REFUSED(true, true),
        /**
         * Rotated (the old token is revoked) but the new token could not be stored: it is held in memory and must be
         * stored by {@link GitLabTokenRotation#retryWriteBack}. Never rotate again with the old token: GitLab would
         * revoke the new one too (token family reuse detection).
         */
        NOT_STORED(true, false),
        /** Nothing changed: the old token is still the valid one. A later attempt may succeed. */
        NOT_ROTATED(false, false),
        /** Nothing changed, and this token or server cannot rotate by API: renew it by hand. */
        NOT_ROTATABLE(false, false),
        /**
         * GitLab revoked the old token but its answer with the new one was lost (connection dropped, server error):
         * the credential no longer works, and only a new token made by hand fixes it.
         */
        LOST(true, false),
        /** The answer was lost and GitLab could not be asked afterwards: check the token in GitLab before retrying. */
        UNKNOWN(false, false),
        /** Not attempted: an earlier rotation's new token is still waiting to be stored. */
        PENDING_WRITE_BACK(true, false);

        private final boolean oldTokenRevoked;
        private final boolean newTokenStored;

        Result(boolean oldTokenRevoked, boolean newTokenStored) {
            this.oldTokenRevoked = oldTokenRevoked;
            this.newTokenStored = newTokenStored;
        }

        /** Whether the token that was in the credential before no longer works (or, for UNKNOWN, may not). */
        public boolean oldTokenRevoked() {
            return oldTokenRevoked;
        }

        public boolean newTokenStored() {
            return newTokenStored;
        }
    }

    private final Result result;
    private final String message;
    private final RotatedToken rotated;

    RotationOutcome(Result result, String message, RotatedToken rotated) {
        this.result = Objects.requireNonNull(result, "result");
        this.message = Objects.requireNonNull(message, "message");
        this.rotated = rotated;
    }

    public Result result() {
        return result;
    }

    /** For the administrator: what happened and what to do. Never contains a token. */
    public String message() {
        return message;
    }

    /**
     * The new token, when one exists: stored for ROTATED*, held in memory for NOT_STORED and PENDING_WRITE_BACK
     * (where the plugin may offer it to an administrator to store by hand).
     */
    public Optional<RotatedToken> rotated() {
        return Optional.ofNullable(rotated);
    }

    /** True only when the old token is known to still be valid, so a later rotation with it is safe. */
    public boolean mayRetryRotation() {
        return result == Result.NOT_ROTATED;
    }

    @Override
    public String toString() {
        return "RotationOutcome[" + result + ": " + message + (rotated == null ? "" : ", " + rotated) + "]";
    }
}
