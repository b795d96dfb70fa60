package io.jenkins.plugins.githostcredentials.core.capability;

import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Each capability in each host's own scope/permission language, for the inspection, for form help, and for the
 * prefilled "create a token" links. The one place that knows which scope a job needs where.
 */
public final class ScopeAdvice {

    /** What {@link #forHost} shows for a capability the host or token kind cannot provide. */
    public static final String NOT_SUPPORTED = "not supported on this host";

    private static final String TOKEN_NAME = "Jenkins";

    private ScopeAdvice() {}

    /**
     * Ordered capability to "what to grant" wording for the form help: {@code checkout -> repo},
     * {@code checks -> not supported on this host}.
     */
    public static Map<Capability, String> forHost(HostKind host, TokenKind kind) {
        Map<Capability, String> advice = new LinkedHashMap<>();
        for (Capability capability : Capability.values()) {
            advice.put(capability, rule(host, kind, capability).map(ScopeRule::wording).orElse(NOT_SUPPORTED));
        }
        return advice;
    }

    /**
     * What the host must grant for the capability, or empty when the host or token kind cannot do it at all
     * ({@link #unsupportedReason} says why).
     */
    public static Optional<ScopeRule> rule(HostKind host, TokenKind kind, Capability capability) {
        if (unsupportedReason(host, kind, capability).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(switch (host) {
            case GITHUB, GITHUB_ENTERPRISE -> usesClassicScopes(kind) ? githubClassic(capability) : githubPermissions(capability);
            case GITLAB -> gitlab(kind, capability);
            case BITBUCKET_CLOUD -> kind == TokenKind.BITBUCKET_API_TOKEN
                    ? bitbucketApiToken(capability)
                    : bitbucketClassic(capability);
            case BITBUCKET_DATA_CENTER -> bitbucketDataCenter(capability);
            case AZURE_DEVOPS -> azure(capability);
            case GITEA -> gitea(capability);
        });
    }

    /** Why the capability cannot be had on this host with this kind of token, or empty when it can. */
    public static Optional<String> unsupportedReason(HostKind host, TokenKind kind, Capability capability) {
        if (capability == Capability.CHECKS) {
            if (!host.isGitHub()) {
                return Optional.of("checks are a GitHub feature, not supported on " + host.displayName()
                        + ": use commit-status instead");
            }
            if (kind != TokenKind.GITHUB_INSTALLATION && kind != TokenKind.GITHUB_USER_TO_SERVER) {
                return Optional.of("GitHub lets only GitHub Apps create check runs, not a " + kind.displayName()
                        + ": use commit-status, or a GitHub App credential");
            }
        }
        if (capability == Capability.READ_USER) {
            if (kind == TokenKind.GITHUB_INSTALLATION) {
                return Optional.of("a GitHub App installation token acts as the app, not as a user");
            }
            if (kind == TokenKind.BITBUCKET_ACCESS_TOKEN) {
                return Optional.of("Bitbucket Cloud access tokens are not users: GET /2.0/user refuses them");
            }
            if (kind == TokenKind.BITBUCKET_DC_PROJECT_TOKEN || kind == TokenKind.BITBUCKET_DC_REPOSITORY_TOKEN) {
                return Optional.of("Bitbucket Data Center project and repository tokens act as a bot, not as a person");
            }
        }
        if (kind == TokenKind.GITLAB_DEPLOY_TOKEN && capability != Capability.CHECKOUT && capability != Capability.PUSH) {
            return Optional.of("GitLab deploy tokens work only for git and registries: use a project or group access token");
        }
        return Optional.empty();
    }

    /** True for GitHub token kinds that carry classic OAuth scopes (reported in X-OAuth-Scopes). */
    public static boolean usesClassicScopes(TokenKind kind) {
        return kind == TokenKind.GITHUB_CLASSIC_PAT || kind == TokenKind.GITHUB_OAUTH;
    }

    /**
     * The classic scope that grants what a GitHub App / fine-grained permission grants, for a classic token asked
     * in permission words; empty where classic scopes have no equivalent (checks) or none is known.
     */
    public static Optional<ScopeRule> classicEquivalent(RawPermission permission) {
        if (!permission.isGitHubPermission()) {
            return Optional.of(ScopeRule.of(permission.name()));
        }
        boolean write = !"read".equals(permission.level());
        return Optional.ofNullable(switch (permission.name()) {
            case "metadata" -> ScopeRule.nothing();
            case "contents", "pull_requests", "issues", "actions", "administration", "environments", "pages",
                    "repository_projects", "secrets", "repository_hooks" -> ScopeRule.of("repo");
            case "statuses" -> ScopeRule.of("repo:status");
            case "deployments" -> ScopeRule.of("repo_deployment");
            case "security_events", "vulnerability_alerts" -> ScopeRule.of("security_events");
            case "workflows" -> ScopeRule.of("workflow");
            case "packages" -> ScopeRule.of(write ? "write:packages" : "read:packages");
            case "members" -> ScopeRule.of(write ? "write:org" : "read:org");
            case "organization_administration" -> ScopeRule.of(write ? "admin:org" : "read:org");
            case "organization_hooks" -> ScopeRule.of("admin:org_hook");
            case "email_addresses" -> ScopeRule.of("user:email");
            case "profile" -> ScopeRule.of(write ? "user" : "read:user");
            case "gpg_keys" -> ScopeRule.of(write ? "write:gpg_key" : "read:gpg_key");
            case "git_ssh_keys" -> ScopeRule.of(write ? "write:public_key" : "read:public_key");
            case "followers" -> ScopeRule.of("user:follow");
            default -> null;
        });
    }

    /**
     * A link that opens the host's token creation page with as much as the host lets a link prefill: GitHub
     * classic scopes, GitHub fine-grained permissions (github.com and ghe.com only: GitHub Enterprise Server
     * ignores the parameters), GitLab name and scopes; plain links where the host takes no parameters.
     *
     * @param repository "owner/repo" (GitHub: the owner becomes the fine-grained token's resource owner), or null
     * @return empty where the host has no page this product can name (Bitbucket Data Center: per-user pages)
     */
    public static Optional<String> tokenCreationUrl(
            HostEndpoint endpoint, TokenKind kind, Requirements required, String repository) {
        HostKind host = endpoint.kind();
        List<Need> needs = required.needsFor(host, kind);
        String server = endpoint.serverUrl();
        return switch (host) {
            case GITHUB, GITHUB_ENTERPRISE -> switch (kind) {
                case GITHUB_CLASSIC_PAT -> Optional.of(server + "/settings/tokens/new?scopes="
                        + String.join(",", classicScopes(host, kind, needs)) + "&description=" + TOKEN_NAME);
                case GITHUB_FINE_GRAINED_PAT -> Optional.of(fineGrainedUrl(endpoint, needs, repository));
                default -> Optional.empty(); // OAuth, app and installation tokens are minted by software
            };
            case GITLAB -> Optional.of(server + "/-/user_settings/personal_access_tokens?name=" + TOKEN_NAME
                    + "&scopes=" + String.join(",", scopesToAsk(host, kind, needs, PermissionDialect.GITLAB, "read_repository")));
            case BITBUCKET_CLOUD -> kind == TokenKind.BITBUCKET_ACCESS_TOKEN && repository != null && repository.contains("/")
                    ? Optional.of(server + "/" + repository + "/admin/access-tokens")
                    : Optional.of("https://id.atlassian.com/manage-profile/security/api-tokens");
            case AZURE_DEVOPS -> Optional.of(server + "/_usersSettings/tokens");
            case GITEA -> Optional.of(server + "/user/settings/applications");
            case BITBUCKET_DATA_CENTER -> Optional.empty();
        };
    }

    // ---------------------------------------------------------------- rules per host

    private static ScopeRule githubClassic(Capability capability) {
        return switch (capability) {
            case CHECKOUT, PUSH, PULL_REQUEST_COMMENT -> ScopeRule.of("repo");
            case COMMIT_STATUS -> ScopeRule.of("repo:status");
            case READ_USER -> ScopeRule.of("read:user");
            case CHECKS -> throw new IllegalStateException("checks are unsupported for classic scopes");
        };
    }

    /** Fine-grained tokens, app user tokens and installation tokens: permission:level. */
    private static ScopeRule githubPermissions(Capability capability) {
        return switch (capability) {
            case CHECKOUT -> ScopeRule.of("contents:read");
            case PUSH -> ScopeRule.of("contents:write");
            case COMMIT_STATUS -> ScopeRule.of("statuses:write");
            // Comments on a pull request go through the issues API, which accepts either permission.
            case PULL_REQUEST_COMMENT -> ScopeRule.anyOf("pull_requests:write", "issues:write");
            case CHECKS -> ScopeRule.of("checks:write");
            case READ_USER -> ScopeRule.nothing();
        };
    }

    private static ScopeRule gitlab(TokenKind kind, Capability capability) {
        if (kind == TokenKind.GITLAB_DEPLOY_TOKEN) {
            return capability == Capability.PUSH ? ScopeRule.of("write_repository") : ScopeRule.of("read_repository");
        }
        return switch (capability) {
            case CHECKOUT -> ScopeRule.anyOf("read_repository", "write_repository", "api");
            case PUSH -> ScopeRule.anyOf("write_repository", "api");
            case COMMIT_STATUS, PULL_REQUEST_COMMENT -> ScopeRule.of("api");
            case READ_USER -> ScopeRule.anyOf("read_user", "read_api", "api");
            case CHECKS -> throw new IllegalStateException("checks are unsupported on GitLab");
        };
    }

    /** Access tokens and app passwords. Writing a commit status needs only read access (Atlassian, 2021 notice). */
    private static ScopeRule bitbucketClassic(Capability capability) {
        return switch (capability) {
            case CHECKOUT, COMMIT_STATUS -> ScopeRule.of("repository");
            case PUSH -> ScopeRule.of("repository:write");
            case PULL_REQUEST_COMMENT -> ScopeRule.of("pullrequest:write");
            case READ_USER -> ScopeRule.of("account");
            case CHECKS -> throw new IllegalStateException("checks are unsupported on Bitbucket");
        };
    }

    /** API tokens: a write scope does not include read, so pushing needs both. */
    private static ScopeRule bitbucketApiToken(Capability capability) {
        return switch (capability) {
            case CHECKOUT, COMMIT_STATUS -> ScopeRule.of("read:repository:bitbucket");
            case PUSH -> ScopeRule.allOf("read:repository:bitbucket", "write:repository:bitbucket");
            case PULL_REQUEST_COMMENT -> ScopeRule.of("write:pullrequest:bitbucket");
            case READ_USER -> ScopeRule.of("read:user:bitbucket");
            case CHECKS -> throw new IllegalStateException("checks are unsupported on Bitbucket");
        };
    }

    /** Build statuses and pull-request comments need only read access to the repository. */
    private static ScopeRule bitbucketDataCenter(Capability capability) {
        return switch (capability) {
            case CHECKOUT, COMMIT_STATUS, PULL_REQUEST_COMMENT -> ScopeRule.of("REPO_READ");
            case PUSH -> ScopeRule.of("REPO_WRITE");
            case READ_USER -> ScopeRule.nothing();
            case CHECKS -> throw new IllegalStateException("checks are unsupported on Bitbucket");
        };
    }

    /** connectionData names the user for any valid PAT, so reading the user needs no scope. */
    private static ScopeRule azure(Capability capability) {
        return switch (capability) {
            case CHECKOUT -> ScopeRule.of("vso.code");
            case PUSH -> ScopeRule.of("vso.code_write");
            case COMMIT_STATUS -> ScopeRule.of("vso.code_status");
            case PULL_REQUEST_COMMENT -> ScopeRule.anyOf("vso.threads_full", "vso.code_write");
            case READ_USER -> ScopeRule.nothing();
            case CHECKS -> throw new IllegalStateException("checks are unsupported on Azure DevOps");
        };
    }

    /** Gitea lets whoever may write code set commit statuses; comments go through the issue API. */
    private static ScopeRule gitea(Capability capability) {
        return switch (capability) {
            case CHECKOUT -> ScopeRule.of("read:repository");
            case PUSH, COMMIT_STATUS -> ScopeRule.of("write:repository");
            case PULL_REQUEST_COMMENT -> ScopeRule.of("write:issue");
            case READ_USER -> ScopeRule.of("read:user");
            case CHECKS -> throw new IllegalStateException("checks are unsupported on Gitea");
        };
    }

    // ---------------------------------------------------------------- links

    private static List<String> classicScopes(HostKind host, TokenKind kind, List<Need> needs) {
        Set<String> scopes = new LinkedHashSet<>();
        for (Need need : needs) {
            if (need instanceof Capability capability) {
                rule(host, kind, capability).filter(r -> !r.needsNothing()).ifPresent(r -> scopes.add(r.recommendation()));
            } else if (need instanceof RawPermission raw && raw.dialect() == PermissionDialect.GITHUB) {
                classicEquivalent(raw).filter(r -> !r.needsNothing()).ifPresent(r -> scopes.add(r.recommendation()));
            }
        }
        if (scopes.isEmpty()) {
            scopes.add("repo");
        }
        // repo already includes repo:status and public_repo; asking for both only clutters the form.
        if (scopes.contains("repo")) {
            scopes.removeIf(s -> !s.equals("repo") && Vocabulary.withImplied(PermissionDialect.GITHUB, "repo").contains(s));
        }
        return new ArrayList<>(scopes);
    }

    private static List<String> scopesToAsk(
            HostKind host, TokenKind kind, List<Need> needs, PermissionDialect dialect, String fallback) {
        Set<String> scopes = new LinkedHashSet<>();
        for (Need need : needs) {
            if (need instanceof Capability capability) {
                rule(host, kind, capability).filter(r -> !r.needsNothing()).ifPresent(r -> scopes.addAll(r.alternatives().get(0)));
            } else if (need instanceof RawPermission raw && raw.dialect() == dialect) {
                scopes.add(raw.name());
            }
        }
        if (scopes.isEmpty()) {
            scopes.add(fallback);
        }
        return new ArrayList<>(scopes);
    }

    private static String fineGrainedUrl(HostEndpoint endpoint, List<Need> needs, String repository) {
        String base = endpoint.serverUrl() + "/settings/personal-access-tokens/new";
        String hostName = endpoint.hostName();
        // GitHub documents the prefill parameters for github.com and GitHub Enterprise Cloud only.
        if (!hostName.equals("github.com") && !hostName.endsWith(".ghe.com")) {
            return base;
        }
        Map<String, String> permissions = new LinkedHashMap<>();
        for (Need need : needs) {
            List<String> wanted = new ArrayList<>();
            if (need instanceof Capability capability) {
                rule(endpoint.kind(), TokenKind.GITHUB_FINE_GRAINED_PAT, capability)
                        .filter(r -> !r.needsNothing())
                        .ifPresent(r -> wanted.addAll(r.alternatives().get(0)));
            } else if (need instanceof RawPermission raw && raw.isGitHubPermission()) {
                wanted.add(raw.wording());
            }
            for (String permission : wanted) {
                int colon = permission.lastIndexOf(':');
                String name = permission.substring(0, colon);
                String level = permission.substring(colon + 1);
                permissions.merge(name, level, (a, b) -> Vocabulary.githubLevelCovers(a, b) ? a : b);
            }
        }
        StringBuilder url = new StringBuilder(base).append("?name=").append(TOKEN_NAME)
                .append("&description=").append(encode("Used by Jenkins"));
        if (repository != null && repository.contains("/")) {
            url.append("&target_name=").append(encode(repository.substring(0, repository.indexOf('/'))));
        }
        permissions.forEach((name, level) -> url.append('&').append(name).append('=').append(level));
        return url.toString();
    }

    /** Query-string encoding that leaves the characters of scope names readable. */
    private static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 0x80 || "-._~:,".indexOf(c) >= 0) {
                out.append(c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
