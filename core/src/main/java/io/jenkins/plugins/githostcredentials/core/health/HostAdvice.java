package io.jenkins.plugins.githostcredentials.core.health;

import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;

/** Where on each host an administrator makes a replacement token: the "what to do" of a health line. */
final class HostAdvice {

    private HostAdvice() {}

    /** "Create a new ... and update the credential", in the host's own menu names. */
    static String replaceToken(HostKind host, TokenKind kind) {
        return switch (host) {
            case GITHUB, GITHUB_ENTERPRISE -> kind == TokenKind.GITHUB_INSTALLATION
                    ? "Installation tokens are minted by the GitHub App: use a GitHub App credential instead of a "
                            + "pasted installation token."
                    : "Create a new token in GitHub (Settings > Developer settings > Personal access tokens) and "
                            + "update the credential.";
            case GITLAB -> "Create a new token in GitLab (User settings > Access tokens, or the project's or group's "
                    + "Settings > Access tokens) and update the credential.";
            case BITBUCKET_CLOUD -> "Create an API token (Atlassian account > Security > API tokens, with scopes) or a "
                    + "repository, project or workspace access token, and update the credential.";
            case BITBUCKET_DATA_CENTER -> "Create a new HTTP access token (your profile, or the project's or "
                    + "repository's settings > HTTP access tokens) and update the credential.";
            case AZURE_DEVOPS -> "Create a new PAT for this organisation (User settings > Personal access tokens), or "
                    + "use a Microsoft Entra ID token, and update the credential.";
            case GITEA -> "Create a new token (Settings > Applications > Access tokens) and update the credential.";
        };
    }

    /** For a token that still works but expires soon: renew now, and mention rotation where the host offers it. */
    static String renewBeforeExpiry(HostKind host, TokenKind kind) {
        String renew = replaceToken(host, kind).replace(" and update the credential.",
                " and update the credential before then.");
        if (host == HostKind.GITLAB && kind == TokenKind.GITLAB_ACCESS_TOKEN) {
            renew += " Or let Jenkins rotate it: turn on \"rotate before expiry\" on the credential (needs the api"
                    + " or self_rotate scope).";
        }
        return renew;
    }
}
