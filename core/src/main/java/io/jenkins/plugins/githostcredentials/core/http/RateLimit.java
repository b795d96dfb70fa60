package io.jenkins.plugins.githostcredentials.core.http;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The rate-limit budget a host reported with an answer: GitHub's {@code x-ratelimit-*} headers or GitLab's
 * {@code RateLimit-*} headers. Each part is empty when the host did not send it.
 */
public record RateLimit(OptionalInt limit, OptionalInt remaining, Optional<Instant> resetAt, Optional<String> resource) {

    /** No rate-limit headers were sent. */
    public static final RateLimit UNKNOWN =
            new RateLimit(OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty());

    public RateLimit {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(remaining, "remaining");
        Objects.requireNonNull(resetAt, "resetAt");
        Objects.requireNonNull(resource, "resource");
    }

    /** True when the host said no requests are left until {@link #resetAt()}. */
    public boolean exhausted() {
        return remaining.isPresent() && remaining.getAsInt() <= 0;
    }
}
