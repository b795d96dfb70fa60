package io.jenkins.plugins.githostcredentials.core.session;

import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment variable names a build block gets, besides git's own configuration: the token and username
 * variables the pipeline names, and the variables the host's command-line tools read.
 *
 * <ul>
 *   <li>GitHub (github.com and GitHub Enterprise Cloud with data residency, {@code *.ghe.com}): {@code GITHUB_TOKEN}
 *       and {@code GH_TOKEN}, which {@code gh} reads for github.com and {@code *.ghe.com}; for {@code *.ghe.com} also
 *       {@code GH_HOST}, since {@code gh} would otherwise target github.com.</li>
 *   <li>GitHub Enterprise Server: {@code GITHUB_TOKEN}, {@code GH_ENTERPRISE_TOKEN} and
 *       {@code GITHUB_ENTERPRISE_TOKEN} (what {@code gh} reads for an Enterprise Server host), and {@code GH_HOST}.</li>
 *   <li>GitLab: {@code GITLAB_TOKEN} and {@code GITLAB_HOST} (the server URL), which {@code glab} reads.</li>
 *   <li>Azure DevOps: {@code AZURE_DEVOPS_EXT_PAT}, which the {@code az devops} extension reads.</li>
 *   <li>Bitbucket Cloud, Bitbucket Data Center, Gitea/Forgejo: none; their tools have no common variable, so
 *       scripts use the token variable.</li>
 * </ul>
 */
public final class SessionVariables {

    /** Where the token goes unless the pipeline names another variable. */
    public static final String DEFAULT_TOKEN_VARIABLE = "GIT_HOST_TOKEN";

    /** Where the git username goes unless the pipeline names another variable. */
    public static final String DEFAULT_USERNAME_VARIABLE = "GIT_HOST_USERNAME";

    private SessionVariables() {}

    /** Names of the host tools' variables that receive the token. */
    public static List<String> toolTokenVariables(HostEndpoint endpoint) {
        return switch (endpoint.kind()) {
            case GITHUB -> List.of("GITHUB_TOKEN", "GH_TOKEN");
            case GITHUB_ENTERPRISE -> isGitHubDataResidency(endpoint)
                    ? List.of("GITHUB_TOKEN", "GH_TOKEN")
                    : List.of("GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN");
            case GITLAB -> List.of("GITLAB_TOKEN");
            case AZURE_DEVOPS -> List.of("AZURE_DEVOPS_EXT_PAT");
            case BITBUCKET_CLOUD, BITBUCKET_DATA_CENTER, GITEA -> List.of();
        };
    }

    /** Variables that tell the host's tools which server to talk to (no secret in them). */
    public static Map<String, String> toolHostVariables(HostEndpoint endpoint) {
        Map<String, String> variables = new LinkedHashMap<>();
        switch (endpoint.kind()) {
            case GITHUB_ENTERPRISE -> variables.put("GH_HOST", URI.create(endpoint.serverUrl()).getRawAuthority());
            case GITLAB -> variables.put("GITLAB_HOST", endpoint.serverUrl());
            default -> {
                // github.com is gh's default; the other hosts' tools read no common variable
            }
        }
        return variables;
    }

    private static boolean isGitHubDataResidency(HostEndpoint endpoint) {
        return endpoint.hostName().endsWith(".ghe.com");
    }
}
