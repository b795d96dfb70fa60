package io.jenkins.plugins.githostcredentials.core.github;

/**
 * The text given as a GitHub App private key cannot be used. The message says what was pasted and what to paste
 * instead; it never contains any part of the input.
 */
public class InvalidAppKeyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidAppKeyException(String message) {
        super(message);
    }
}
