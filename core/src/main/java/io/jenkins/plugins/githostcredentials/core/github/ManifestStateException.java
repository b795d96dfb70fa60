package io.jenkins.plugins.githostcredentials.core.github;

/**
 * The {@code state} GitHub handed back after a GitHub App registration cannot be accepted. The message says what the
 * administrator should do and never contains the state value.
 */
public final class ManifestStateException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the state was refused. */
    public enum Reason {
        /** Never issued here, issued before a restart, or dropped to keep the store small. */
        UNKNOWN,
        /** Issued longer ago than GitHub's one-hour limit on the flow. */
        EXPIRED,
        /** Already redeemed: a reloaded or replayed redirect. */
        ALREADY_USED,
        /** Issued to another Jenkins session than the one that came back. */
        WRONG_SESSION
    }

    private final Reason reason;

    ManifestStateException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
