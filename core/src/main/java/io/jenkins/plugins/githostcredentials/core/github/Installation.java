package io.jenkins.plugins.githostcredentials.core.github;

import java.util.Map;
import java.util.Objects;

/**
 * An installation of a GitHub App on an account, as GitHub reports it.
 *
 * @param account the organization or user login
 * @param accountType "Organization", "User" or "Enterprise"
 * @param repositorySelection "all" or "selected"
 * @param permissions what the installation was granted (name to level)
 * @param suspended whether an owner suspended the installation (tokens cannot be minted then)
 */
public record Installation(long id, String account, String accountType, String repositorySelection,
        Map<String, String> permissions, boolean suspended) {

    public Installation {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(repositorySelection, "repositorySelection");
        permissions = Map.copyOf(permissions);
    }

    public boolean coversAllRepositories() {
        return "all".equals(repositorySelection);
    }
}
