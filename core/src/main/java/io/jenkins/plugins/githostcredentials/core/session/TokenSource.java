package io.jenkins.plugins.githostcredentials.core.session;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.github.GitHubApp;
import io.jenkins.plugins.githostcredentials.core.github.PermissionCeiling;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a credential stands for, in core terms: a token stored as is, or a GitHub App that mints tokens. The
 * Jenkins credential types only convert their fields into one of these; every decision is made from it.
 */
public sealed interface TokenSource {

    HostEndpoint endpoint();

    /** A token the admin stored (personal, project, group, access or API token). */
    record StoredToken(HostEndpoint endpoint, TokenKind kind, SecretText token, String username, String email)
            implements TokenSource {
        public StoredToken {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "StoredToken[" + endpoint.serverUrl() + ", " + kind.id() + ", username=" + username + "]";
        }
    }

    /**
     * A GitHub App installation.
     *
     * @param installationId the installation, when the admin fixed it; otherwise found from {@code owner} or from
     *     the repositories a job asks for
     * @param owner the organisation or user the app is installed on, or null
     * @param defaultRepositories repositories to narrow to when a job asks for none (names, or owner/name)
     * @param defaultPermissions permissions to narrow to when a job asks for none (name to read/write/admin)
     * @param ceiling the most any token of this credential may reach, whatever is asked; null for no limit
     */
    record GitHubAppInstallation(
            GitHubApp app,
            Long installationId,
            String owner,
            List<String> defaultRepositories,
            Map<String, String> defaultPermissions,
            PermissionCeiling ceiling)
            implements TokenSource {
        public GitHubAppInstallation {
            Objects.requireNonNull(app, "app");
            defaultRepositories = List.copyOf(defaultRepositories == null ? List.of() : defaultRepositories);
            defaultPermissions = Map.copyOf(defaultPermissions == null ? Map.of() : defaultPermissions);
            ceiling = ceiling == null ? PermissionCeiling.none() : ceiling;
        }

        /** A credential without a ceiling. */
        public GitHubAppInstallation(GitHubApp app, Long installationId, String owner, List<String> defaultRepositories,
                Map<String, String> defaultPermissions) {
            this(app, installationId, owner, defaultRepositories, defaultPermissions, PermissionCeiling.none());
        }

        @Override
        public HostEndpoint endpoint() {
            return app.api();
        }
    }
}
