package io.jenkins.plugins.githostcredentials.core.rotation;

import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import java.util.Objects;

/**
 * Whether a host can replace a token by API without a person, and if not, why and what the administrator does
 * instead. Only GitLab access tokens can: {@code POST /personal_access_tokens/self/rotate} (GitLab 16.10+, scope
 * {@code api} or {@code self_rotate}), and for project and group tokens {@code POST
 * /projects/:id/access_tokens/self/rotate} / {@code /groups/:id/...} where the server supports {@code self} there
 * (probed at rotation: an older server answers 404 or 405 and nothing changes).
 *
 * @param byApi       true when {@link GitLabTokenRotation} can rotate it
 * @param explanation for a form's help or a monitor line: how it rotates, or why not and what to do instead
 */
public record RotationSupport(boolean byApi, String explanation) {

    public RotationSupport {
        Objects.requireNonNull(explanation, "explanation");
    }

    public static RotationSupport of(HostKind host, TokenKind kind) {
        Objects.requireNonNull(host, "host");
        if (host == HostKind.GITLAB) {
            return kind == TokenKind.GITLAB_ACCESS_TOKEN
                    ? new RotationSupport(true, "GitLab rotates personal access tokens through the API (GitLab 16.10 "
                            + "or later; the token needs the api or self_rotate scope). Project and group access "
                            + "tokens rotate the same way where the server supports it, which is tried, not assumed.")
                    : new RotationSupport(false, "Only GitLab personal, project and group access tokens can rotate "
                            + "themselves; create a new " + (kind == null ? "token" : kind.displayName())
                            + " in GitLab and update the credential.");
        }
        return switch (host) {
            case GITHUB, GITHUB_ENTERPRISE -> new RotationSupport(false, "GitHub has no API to renew a personal "
                    + "access token: regenerate it in Settings > Developer settings > Personal access tokens and "
                    + "update the credential, or use a GitHub App, whose short-lived tokens need no rotation.");
            case BITBUCKET_CLOUD -> new RotationSupport(false, "Bitbucket Cloud has no API to renew API tokens or "
                    + "access tokens: create a new one and update the credential.");
            case BITBUCKET_DATA_CENTER -> new RotationSupport(false, "Bitbucket Data Center offers no call with "
                    + "which a token renews itself: create a new HTTP access token and update the credential.");
            case AZURE_DEVOPS -> new RotationSupport(false, "Azure DevOps PATs can be renewed by API only with a "
                    + "Microsoft Entra ID token, not with the PAT itself: renew it in User settings > Personal access "
                    + "tokens, or use an Entra ID service principal or managed identity instead.");
            case GITEA -> new RotationSupport(false, "Gitea and Forgejo create tokens by API only with the account's "
                    + "password (basic authentication), not with a token: create a new token and update the credential.");
            case GITLAB -> throw new IllegalStateException("handled above");
        };
    }
}
