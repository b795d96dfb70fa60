package io.jenkins.plugins.githostcredentials.core.rotation;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * The token a rotation produced. The secret shows only through {@link #token()}; {@link #toString()} never shows it.
 * Deliberately not {@link java.io.Serializable}: it lives in memory and in the credential's store, nowhere else.
 */
public final class RotatedToken {

    private final SecretText token;
    private final long id;
    private final String name;
    private final LocalDate expiresOn;
    private final Instant rotatedAt;

    RotatedToken(SecretText token, long id, String name, LocalDate expiresOn, Instant rotatedAt) {
        this.token = Objects.requireNonNull(token, "token");
        this.id = id;
        this.name = name == null ? "" : name;
        this.expiresOn = expiresOn;
        this.rotatedAt = Objects.requireNonNull(rotatedAt, "rotatedAt");
    }

    /** The new secret, to store in the credential. */
    public SecretText token() {
        return token;
    }

    /** GitLab's id of the new token (a rotation creates a new id). */
    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The new expiry day; empty when the token does not expire. GitLab tokens expire at the start of that day, UTC. */
    public Optional<LocalDate> expiresOn() {
        return Optional.ofNullable(expiresOn);
    }

    public Instant rotatedAt() {
        return rotatedAt;
    }

    @Override
    public String toString() {
        return "RotatedToken[id=" + id + ", name=" + name + ", expiresOn=" + expiresOn + ", token=****]";
    }
}
