package io.jenkins.plugins.githostcredentials.core.inspect;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a GitHub App installation token was granted when it was minted ({@code POST
 * /app/installations/{id}/access_tokens} answers with it): the GitHub App engine produces it, the plugin passes it
 * in, because GitHub offers no call that lists an installation token's permissions.
 *
 * @param permissions         permission name to level, e.g. {@code contents -> write}
 * @param repositorySelection {@code all} or {@code selected}
 * @param repositories        "owner/repo" full names the token was narrowed to; empty when it was not narrowed
 * @param expiresAt           when the token expires, as GitHub said when minting it; null if unknown (GitHub sends no
 *                            expiry header for installation tokens, so the mint answer is the only place to learn it)
 */
public record InstallationGrant(
        Map<String, String> permissions, String repositorySelection, List<String> repositories, Instant expiresAt) {

    public InstallationGrant {
        permissions = Map.copyOf(Objects.requireNonNull(permissions, "permissions"));
        repositorySelection = repositorySelection == null ? "" : repositorySelection;
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
    }
}
