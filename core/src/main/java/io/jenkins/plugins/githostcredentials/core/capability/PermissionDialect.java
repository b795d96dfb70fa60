package io.jenkins.plugins.githostcredentials.core.capability;

import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A host's own scope/permission language, named by the prefix a raw permission starts with ("github:"). */
public enum PermissionDialect {
    GITHUB("github", "GitHub", List.of(HostKind.GITHUB, HostKind.GITHUB_ENTERPRISE)),
    GITLAB("gitlab", "GitLab", List.of(HostKind.GITLAB)),
    BITBUCKET_CLOUD("bitbucket", "Bitbucket Cloud", List.of(HostKind.BITBUCKET_CLOUD)),
    BITBUCKET_DATA_CENTER("bitbucket-dc", "Bitbucket Data Center", List.of(HostKind.BITBUCKET_DATA_CENTER)),
    AZURE_DEVOPS("azure", "Azure DevOps", List.of(HostKind.AZURE_DEVOPS)),
    GITEA("gitea", "Gitea / Forgejo", List.of(HostKind.GITEA));

    /** Forgejo is a Gitea fork with the same scopes; "forgejo:" is accepted as a synonym of "gitea:". */
    private static final String FORGEJO_ALIAS = "forgejo";

    private final String prefix;
    private final String displayName;
    private final List<HostKind> hosts;

    PermissionDialect(String prefix, String displayName, List<HostKind> hosts) {
        this.prefix = prefix;
        this.displayName = displayName;
        this.hosts = hosts;
    }

    public String prefix() {
        return prefix;
    }

    public String displayName() {
        return displayName;
    }

    public boolean appliesTo(HostKind host) {
        return hosts.contains(host);
    }

    public static PermissionDialect forHost(HostKind host) {
        return Arrays.stream(values())
                .filter(d -> d.appliesTo(host))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no permission dialect for " + host));
    }

    public static Optional<PermissionDialect> fromPrefix(String prefix) {
        String wanted = prefix.toLowerCase(Locale.ROOT);
        if (wanted.equals(FORGEJO_ALIAS)) {
            return Optional.of(GITEA);
        }
        return Arrays.stream(values()).filter(d -> d.prefix.equals(wanted)).findFirst();
    }
}
