package io.jenkins.plugins.githostcredentials.core.github;

import java.util.Objects;

/** Which installation to mint a token for, and what to narrow it to. */
public record TokenRequest(InstallationLocator installation, Narrowing narrowing) {

    public TokenRequest {
        Objects.requireNonNull(installation, "installation");
        narrowing = narrowing == null ? Narrowing.none() : narrowing;
    }

    /** A token with everything the installation has. */
    public static TokenRequest of(InstallationLocator installation) {
        return new TokenRequest(installation, Narrowing.none());
    }
}
