package io.jenkins.plugins.githostcredentials.core.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a GitHub App installation token handed to a build was granted, for the build's record. No secret.
 *
 * @param repositorySelection "all" or "selected"
 * @param repositories the repositories the token reaches when narrowed, empty when it reaches all of the
 *     installation's
 * @param permissions permission name to level
 * @param expiresAt when GitHub says the token expires
 */
public record MintedToken(long installationId, String repositorySelection, List<String> repositories,
        Map<String, String> permissions, Instant expiresAt) {

    public MintedToken {
        Objects.requireNonNull(expiresAt, "expiresAt");
        repositorySelection = Objects.requireNonNullElse(repositorySelection, "");
        repositories = List.copyOf(repositories);
        permissions = Map.copyOf(permissions);
    }
}
