package io.jenkins.plugins.githostcredentials.core.host;

/** The git hosts this product knows. Everything host-specific hangs off these constants via {@link HostCatalog}. */
public enum HostKind {
    GITHUB("GitHub", "https://github.com"),
    GITHUB_ENTERPRISE("GitHub Enterprise Server", null),
    GITLAB("GitLab", "https://gitlab.com"),
    BITBUCKET_CLOUD("Bitbucket Cloud", "https://bitbucket.org"),
    BITBUCKET_DATA_CENTER("Bitbucket Data Center", null),
    // dev.azure.com alone names no organisation, so Azure DevOps has no usable default.
    AZURE_DEVOPS("Azure DevOps", null),
    GITEA("Gitea / Forgejo", null);

    private final String displayName;
    private final String defaultServerUrl;

    HostKind(String displayName, String defaultServerUrl) {
        this.displayName = displayName;
        this.defaultServerUrl = defaultServerUrl;
    }

    public String displayName() {
        return displayName;
    }

    /** The public SaaS server, or {@code null} for kinds that are always self-hosted and need a URL. */
    public String defaultServerUrl() {
        return defaultServerUrl;
    }

    public boolean requiresServerUrl() {
        return defaultServerUrl == null;
    }

    public boolean isGitHub() {
        return this == GITHUB || this == GITHUB_ENTERPRISE;
    }
}
