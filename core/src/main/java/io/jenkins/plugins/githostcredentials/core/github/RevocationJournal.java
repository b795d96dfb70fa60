package io.jenkins.plugins.githostcredentials.core.github;

import java.util.List;

/**
 * Where {@link InstallationTokens} notes the tokens it minted and has not yet revoked, so that a controller restart
 * does not leave them valid: at start-up, pass {@link #recorded()} to {@link InstallationTokens#revokeRecorded}.
 *
 * <p>{@link #record} is called once per minted token, on the thread that minted it (keep it quick); {@link #forget}
 * once the token was revoked or has expired, on a background thread. Implementations must be thread-safe and must
 * store the token encrypted (in Jenkins: {@code Secret}); they must not throw for a token they do not know.
 */
public interface RevocationJournal {

    /** Keeps nothing: tokens not revoked before a restart stay valid until they expire (at most an hour). */
    RevocationJournal IN_MEMORY_ONLY = new RevocationJournal() {
        @Override
        public void record(PendingRevocation revocation) {}

        @Override
        public void forget(PendingRevocation revocation) {}

        @Override
        public List<PendingRevocation> recorded() {
            return List.of();
        }
    };

    /** A token was minted and must be revoked some day. */
    void record(PendingRevocation revocation);

    /** The token was revoked, or expired: nothing left to do for it. */
    void forget(PendingRevocation revocation);

    /** What was recorded and not forgotten, e.g. before the controller restarted. */
    List<PendingRevocation> recorded();
}
