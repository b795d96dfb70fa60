package io.jenkins.plugins.githostcredentials.core.host;

/** A server URL, repository URL or token that cannot be used for the chosen host; the message says what to enter. */
public class InvalidHostInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidHostInputException(String message) {
        super(message);
    }
}
