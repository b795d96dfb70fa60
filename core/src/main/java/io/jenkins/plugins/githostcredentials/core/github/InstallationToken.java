package io.jenkins.plugins.githostcredentials.core.github;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An installation access token as GitHub minted it. The token may be a 40-character {@code ghs_} string or a
 * much longer dotted one: nothing here assumes a length. {@link #toString()} never shows it.
 *
 * @param expiresAt when GitHub says the token expires (GitHub's clock)
 * @param permissions what the token was granted (name to level)
 * @param repositorySelection "all" or "selected"
 * @param repositories the names of the repositories the token reaches when narrowed, empty for "all"
 */
public record InstallationToken(long installationId, SecretText token, Instant expiresAt,
        Map<String, String> permissions, String repositorySelection, List<String> repositories) {

    public InstallationToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
        permissions = Map.copyOf(permissions);
        repositories = List.copyOf(repositories);
    }

    @Override
    public String toString() {
        return "InstallationToken[installation " + installationId + ", token=****, expiresAt=" + expiresAt
                + ", permissions=" + permissions + ", repositorySelection=" + repositorySelection
                + ", repositories=" + repositories + "]";
    }
}
