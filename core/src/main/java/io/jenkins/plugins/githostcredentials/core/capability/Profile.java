package io.jenkins.plugins.githostcredentials.core.capability;

import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A named set of needs that a well-known consumer documents per host. */
public enum Profile {
    /**
     * What Atlantis documents for each host: GitHub classic {@code repo}; fine-grained: commit statuses, contents
     * read, metadata read, pull requests write; GitHub App: the ten permissions of its app manifest; GitLab
     * {@code api}; Gitea issue and repository write, user read; Bitbucket Cloud pull requests read/write;
     * Bitbucket Data Center project read and repository write (its tokens have no separate pull-request
     * permission; repository read is enough to comment, as {@link ScopeAdvice} says, and merging needs repository
     * write); Azure DevOps code read and write, code status, member entitlement management read.
     */
    ATLANTIS("atlantis");

    private final String id;

    Profile(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Profile> fromId(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst();
    }

    /** The needs of this profile on the given host with the given kind of token, in the host's own words. */
    public List<Need> needs(HostKind host, TokenKind kind) {
        return switch (host) {
            case GITHUB, GITHUB_ENTERPRISE -> switch (kind) {
                case GITHUB_CLASSIC_PAT, GITHUB_OAUTH -> List.of(scope(PermissionDialect.GITHUB, "repo"));
                case GITHUB_INSTALLATION -> List.of(
                        RawPermission.github("administration", "read"),
                        RawPermission.github("checks", "write"),
                        RawPermission.github("statuses", "write"),
                        RawPermission.github("contents", "write"),
                        RawPermission.github("issues", "write"),
                        RawPermission.github("metadata", "read"),
                        RawPermission.github("pull_requests", "write"),
                        RawPermission.github("repository_hooks", "write"),
                        RawPermission.github("members", "read"),
                        RawPermission.github("actions", "read"));
                default -> List.of(
                        RawPermission.github("statuses", "write"),
                        RawPermission.github("contents", "read"),
                        RawPermission.github("metadata", "read"),
                        RawPermission.github("pull_requests", "write"));
            };
            case GITLAB -> List.of(scope(PermissionDialect.GITLAB, "api"));
            case GITEA -> List.of(
                    scope(PermissionDialect.GITEA, "write:issue"),
                    scope(PermissionDialect.GITEA, "write:repository"),
                    scope(PermissionDialect.GITEA, "read:user"));
            case BITBUCKET_CLOUD -> kind == TokenKind.BITBUCKET_API_TOKEN
                    ? List.of(
                            scope(PermissionDialect.BITBUCKET_CLOUD, "read:pullrequest:bitbucket"),
                            scope(PermissionDialect.BITBUCKET_CLOUD, "write:pullrequest:bitbucket"))
                    : List.of(scope(PermissionDialect.BITBUCKET_CLOUD, "pullrequest:write"));
            case BITBUCKET_DATA_CENTER -> List.of(
                    scope(PermissionDialect.BITBUCKET_DATA_CENTER, "PROJECT_READ"),
                    scope(PermissionDialect.BITBUCKET_DATA_CENTER, "REPO_WRITE"));
            case AZURE_DEVOPS -> List.of(
                    scope(PermissionDialect.AZURE_DEVOPS, "vso.code_write"),
                    scope(PermissionDialect.AZURE_DEVOPS, "vso.code_status"),
                    scope(PermissionDialect.AZURE_DEVOPS, "vso.memberentitlementmanagement"));
        };
    }

    private static RawPermission scope(PermissionDialect dialect, String name) {
        return RawPermission.scope(dialect, name);
    }
}
