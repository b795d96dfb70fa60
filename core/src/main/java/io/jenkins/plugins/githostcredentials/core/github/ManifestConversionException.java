package io.jenkins.plugins.githostcredentials.core.github;

import java.io.IOException;

/**
 * GitHub did not turn a manifest code into an app's credentials. The message is written for the administrator and
 * never contains the code, the private key or a secret.
 */
public final class ManifestConversionException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, in terms of what to do. */
    public enum Reason {
        /** The code has a form GitHub never issues (refused before calling GitHub). */
        INVALID_CODE,
        /** HTTP 404: the code is unknown, expired (one hour) or already converted. Start again from Jenkins. */
        CODE_NOT_FOUND,
        /** HTTP 422: GitHub refused the conversion as invalid. */
        REFUSED,
        /** GitHub's rate limit was hit. */
        RATE_LIMITED,
        /** GitHub could not be reached, timed out, or failed (5xx). */
        HOST_UNAVAILABLE,
        /** GitHub answered, but not with an app this product can use (the app may exist on GitHub anyway). */
        UNEXPECTED_RESPONSE
    }

    private final Reason reason;
    private final int status;

    ManifestConversionException(Reason reason, int status, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status GitHub answered with, 0 when there was no answer. */
    public int status() {
        return status;
    }
}
