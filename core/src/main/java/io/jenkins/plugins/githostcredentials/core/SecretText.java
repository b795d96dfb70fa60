package io.jenkins.plugins.githostcredentials.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret string (token, JWT, password) that never shows itself in {@link #toString()}, so it can sit in
 * records, exceptions and log statements without leaking. Read it only where it is sent somewhere with
 * {@link #reveal()}.
 */
public final class SecretText {

    private final String value;

    private SecretText(String value) {
        this.value = value;
    }

    /** Wraps a non-empty secret; surrounding whitespace (a common copy-paste artefact) is removed. */
    public static SecretText of(String value) {
        Objects.requireNonNull(value, "secret");
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("The token is empty: paste the token value.");
        }
        return new SecretText(trimmed);
    }

    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretText other
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "****";
    }
}
