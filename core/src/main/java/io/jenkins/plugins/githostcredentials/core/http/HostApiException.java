package io.jenkins.plugins.githostcredentials.core.http;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A call to a git host that failed, with a message written for the person who has to fix it. Messages never
 * contain tokens, authentication headers or URL query strings.
 */
public final class HostApiException extends IOException {

    private static final long serialVersionUID = 1L;

    private final Failure failure;
    private final int status;
    private final Instant retryAt;

    /**
     * @param status  the HTTP status, or 0 when no HTTP answer came
     * @param retryAt when the host said a retry may succeed, or {@code null}
     * @param cause   the underlying transport error, or {@code null}
     */
    public HostApiException(Failure failure, int status, String message, Instant retryAt, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.status = status;
        this.retryAt = retryAt;
    }

    public Failure failure() {
        return failure;
    }

    /** The HTTP status of the answer, or 0 when no HTTP answer came. */
    public int status() {
        return status;
    }

    /** When the host said a new attempt may succeed (rate limits, Retry-After). */
    public Optional<Instant> retryAt() {
        return Optional.ofNullable(retryAt);
    }
}
