package io.jenkins.plugins.githostcredentials.core.github;

import java.io.IOException;

/**
 * GitHub did not give the app what it asked for. The message is written for the administrator who has to fix it and
 * never contains a key, JWT or token.
 */
public final class GitHubAppException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, in terms of what must be fixed. */
    public enum Problem {
        /** GitHub rejected the app's JWT: wrong App/Client ID, deleted key, or the key of another app. */
        APP_AUTHENTICATION_FAILED,
        /** The app is not installed where it was looked for, or the installation ID is wrong. */
        NOT_INSTALLED,
        /** The installation exists but lacks a requested repository or permission (HTTP 422). */
        NARROWING_REFUSED,
        /** GitHub refused (HTTP 403), e.g. a suspended installation. */
        FORBIDDEN,
        /** GitHub's rate limit was hit and retrying would wait too long. */
        RATE_LIMITED,
        /** GitHub could not be reached or kept failing (5xx, timeouts). */
        HOST_UNAVAILABLE,
        /** GitHub rejected freshly minted tokens. */
        TOKEN_REJECTED,
        /** GitHub answered something this client cannot use. */
        UNEXPECTED_RESPONSE
    }

    private final Problem problem;
    private final int status;

    public GitHubAppException(Problem problem, int status, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
        this.status = status;
    }

    public GitHubAppException(Problem problem, int status, String message) {
        this(problem, status, message, null);
    }

    public Problem problem() {
        return problem;
    }

    /** The HTTP status GitHub answered with, 0 when there was no answer. */
    public int status() {
        return status;
    }
}
