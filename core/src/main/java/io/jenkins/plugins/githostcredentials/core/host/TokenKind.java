package io.jenkins.plugins.githostcredentials.core.host;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every kind of token this product knows, with the host it belongs to and the prefix that identifies it where
 * the vendor uses one. Kinds a host cannot tell apart by prefix (GitLab personal/project/group tokens, Bitbucket
 * Data Center personal/project/repository tokens) are told apart by what the admin selects or by inspection.
 */
public enum TokenKind {
    GITHUB_CLASSIC_PAT(HostFamily.GITHUB, "github_classic_pat", "GitHub classic personal access token", "ghp_"),
    GITHUB_FINE_GRAINED_PAT(HostFamily.GITHUB, "github_fine_grained_pat", "GitHub fine-grained personal access token", "github_pat_"),
    GITHUB_OAUTH(HostFamily.GITHUB, "github_oauth", "GitHub OAuth app token", "gho_"),
    GITHUB_USER_TO_SERVER(HostFamily.GITHUB, "github_user_to_server", "GitHub App user access token", "ghu_"),
    GITHUB_INSTALLATION(HostFamily.GITHUB, "github_installation", "GitHub App installation token", "ghs_"),
    GITHUB_REFRESH(HostFamily.GITHUB, "github_refresh", "GitHub refresh token", "ghr_"),

    GITLAB_ACCESS_TOKEN(HostFamily.GITLAB, "gitlab_access_token", "GitLab personal, project or group access token", "glpat-"),
    GITLAB_DEPLOY_TOKEN(HostFamily.GITLAB, "gitlab_deploy_token", "GitLab deploy token", "gldt-"),
    GITLAB_CI_JOB_TOKEN(HostFamily.GITLAB, "gitlab_ci_job_token", "GitLab CI/CD job token", "glcbt-"),
    GITLAB_TRIGGER_TOKEN(HostFamily.GITLAB, "gitlab_trigger_token", "GitLab pipeline trigger token", "glptt-"),
    GITLAB_RUNNER_TOKEN(HostFamily.GITLAB, "gitlab_runner_token", "GitLab runner authentication token", "glrt-"),

    BITBUCKET_API_TOKEN(HostFamily.BITBUCKET_CLOUD, "bitbucket_api_token", "Atlassian API token (Bitbucket Cloud)", "ATATT"),
    BITBUCKET_ACCESS_TOKEN(HostFamily.BITBUCKET_CLOUD, "bitbucket_access_token", "Bitbucket Cloud repository, project or workspace access token", "ATCTT"),
    BITBUCKET_APP_PASSWORD(HostFamily.BITBUCKET_CLOUD, "bitbucket_app_password", "Bitbucket Cloud app password", "ATBB"),

    BITBUCKET_DC_PERSONAL_TOKEN(HostFamily.BITBUCKET_DATA_CENTER, "bitbucket_dc_personal", "Bitbucket Data Center personal HTTP access token", "BBDC-"),
    BITBUCKET_DC_PROJECT_TOKEN(HostFamily.BITBUCKET_DATA_CENTER, "bitbucket_dc_project", "Bitbucket Data Center project HTTP access token", "BBDC-"),
    BITBUCKET_DC_REPOSITORY_TOKEN(HostFamily.BITBUCKET_DATA_CENTER, "bitbucket_dc_repository", "Bitbucket Data Center repository HTTP access token", "BBDC-"),

    AZURE_DEVOPS_PAT(HostFamily.AZURE_DEVOPS, "azure_devops_pat", "Azure DevOps personal access token", null),

    GITEA_TOKEN(HostFamily.GITEA, "gitea_token", "Gitea / Forgejo access token", null);

    private final HostFamily family;
    private final String id;
    private final String displayName;
    private final String prefix;

    TokenKind(HostFamily family, String id, String displayName, String prefix) {
        this.family = family;
        this.id = id;
        this.displayName = displayName;
        this.prefix = prefix;
    }

    /** Stable lower-case identifier, used in configuration and reports. */
    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    /** The vendor prefix, if the vendor uses one. */
    public Optional<String> prefix() {
        return Optional.ofNullable(prefix);
    }

    public boolean belongsTo(HostKind host) {
        return family.hosts.contains(host);
    }

    /** Kinds that can be used on the given host. */
    public static List<TokenKind> forHost(HostKind host) {
        return Arrays.stream(values()).filter(k -> k.belongsTo(host)).toList();
    }

    public static Optional<TokenKind> fromId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    /** True for kinds that authenticate to git and the REST API only as {@code Authorization: Bearer}. */
    public boolean bearerOnly() {
        return this == BITBUCKET_DC_PROJECT_TOKEN || this == BITBUCKET_DC_REPOSITORY_TOKEN;
    }

    /** Groups the GitHub.com / GitHub Enterprise Server kinds, which share token formats. */
    enum HostFamily {
        GITHUB(List.of(HostKind.GITHUB, HostKind.GITHUB_ENTERPRISE)),
        GITLAB(List.of(HostKind.GITLAB)),
        BITBUCKET_CLOUD(List.of(HostKind.BITBUCKET_CLOUD)),
        BITBUCKET_DATA_CENTER(List.of(HostKind.BITBUCKET_DATA_CENTER)),
        AZURE_DEVOPS(List.of(HostKind.AZURE_DEVOPS)),
        GITEA(List.of(HostKind.GITEA));

        private final List<HostKind> hosts;

        HostFamily(List<HostKind> hosts) {
            this.hosts = hosts;
        }
    }
}
