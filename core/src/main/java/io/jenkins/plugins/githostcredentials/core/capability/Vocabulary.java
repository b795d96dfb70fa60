package io.jenkins.plugins.githostcredentials.core.capability;

import io.jenkins.plugins.githostcredentials.core.github.AppPermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every host's scope and permission names, and which scope implies which (vendors do not repeat implied scopes in
 * what they report: GitHub lists {@code repo}, never also {@code repo:status}). Names come from the vendors'
 * scope references; a name missing here is rejected when parsing requirements, so keep the lists complete.
 */
final class Vocabulary {

    /** GitHub App and fine-grained token permission levels, weakest first. */
    static final List<String> GITHUB_LEVELS = List.of(AppPermissions.READ, AppPermissions.WRITE, AppPermissions.ADMIN);

    /** Classic personal access token and OAuth app scopes, each mapped to the scopes it implies. */
    private static final Map<String, List<String>> GITHUB_CLASSIC = Map.ofEntries(
            Map.entry("repo", List.of("repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events")),
            Map.entry("repo:status", List.of()),
            Map.entry("repo_deployment", List.of()),
            Map.entry("public_repo", List.of()),
            Map.entry("repo:invite", List.of()),
            Map.entry("security_events", List.of()),
            Map.entry("admin:repo_hook", List.of("write:repo_hook")),
            Map.entry("write:repo_hook", List.of("read:repo_hook")),
            Map.entry("read:repo_hook", List.of()),
            Map.entry("admin:org", List.of("write:org")),
            Map.entry("write:org", List.of("read:org")),
            Map.entry("read:org", List.of()),
            Map.entry("admin:public_key", List.of("write:public_key")),
            Map.entry("write:public_key", List.of("read:public_key")),
            Map.entry("read:public_key", List.of()),
            Map.entry("admin:org_hook", List.of()),
            Map.entry("gist", List.of()),
            Map.entry("notifications", List.of()),
            Map.entry("user", List.of("read:user", "user:email", "user:follow")),
            Map.entry("read:user", List.of()),
            Map.entry("user:email", List.of()),
            Map.entry("user:follow", List.of()),
            Map.entry("project", List.of("read:project")),
            Map.entry("read:project", List.of()),
            Map.entry("delete_repo", List.of()),
            Map.entry("write:packages", List.of("read:packages")),
            Map.entry("read:packages", List.of()),
            Map.entry("delete:packages", List.of()),
            Map.entry("admin:gpg_key", List.of("write:gpg_key")),
            Map.entry("write:gpg_key", List.of("read:gpg_key")),
            Map.entry("read:gpg_key", List.of()),
            Map.entry("admin:ssh_signing_key", List.of("write:ssh_signing_key")),
            Map.entry("write:ssh_signing_key", List.of("read:ssh_signing_key")),
            Map.entry("read:ssh_signing_key", List.of()),
            Map.entry("codespace", List.of("codespace:secrets")),
            Map.entry("codespace:secrets", List.of()),
            Map.entry("workflow", List.of()),
            Map.entry("admin:enterprise", List.of("manage_runners:enterprise", "manage_billing:enterprise", "read:enterprise")),
            Map.entry("manage_runners:enterprise", List.of()),
            Map.entry("manage_billing:enterprise", List.of()),
            Map.entry("read:enterprise", List.of()),
            Map.entry("audit_log", List.of("read:audit_log")),
            Map.entry("read:audit_log", List.of()),
            Map.entry("copilot", List.of()),
            Map.entry("manage_billing:copilot", List.of()),
            Map.entry("write:discussion", List.of("read:discussion")),
            Map.entry("read:discussion", List.of()),
            Map.entry("site_admin", List.of()));

    /** GitLab token scopes; {@code api} covers the API and git over HTTP. */
    private static final Map<String, List<String>> GITLAB = Map.ofEntries(
            Map.entry("api", List.of("read_api", "read_repository", "write_repository")),
            Map.entry("read_api", List.of("read_user")),
            Map.entry("read_user", List.of()),
            Map.entry("read_repository", List.of()),
            Map.entry("write_repository", List.of("read_repository")),
            Map.entry("read_registry", List.of()),
            Map.entry("write_registry", List.of("read_registry")),
            Map.entry("read_virtual_registry", List.of()),
            Map.entry("write_virtual_registry", List.of("read_virtual_registry")),
            Map.entry("create_runner", List.of()),
            Map.entry("manage_runner", List.of()),
            Map.entry("k8s_proxy", List.of()),
            Map.entry("sudo", List.of()),
            Map.entry("admin_mode", List.of()),
            Map.entry("read_service_ping", List.of()),
            Map.entry("ai_features", List.of()),
            Map.entry("self_rotate", List.of()),
            Map.entry("read_observability", List.of()),
            Map.entry("write_observability", List.of("read_observability")));

    /**
     * Bitbucket Cloud: the classic scopes of access tokens and app passwords, and the scopes of API tokens
     * ({@code ACTION:RESOURCE:bitbucket}). API-token scopes imply nothing: Atlassian documents that
     * {@code write:repository:bitbucket} does not include read. {@code pullrequest:write} is documented to imply
     * write access to the repository as well; only the read part is implied here, so a push needs
     * {@code repository:write} itself (a conservative reading: it can only report MISSING, never a false GRANTED).
     */
    private static final Map<String, List<String>> BITBUCKET_CLOUD = Map.ofEntries(
            Map.entry("account", List.of("email")),
            Map.entry("account:write", List.of("account")),
            Map.entry("email", List.of()),
            Map.entry("team", List.of()),
            Map.entry("team:write", List.of("team")),
            Map.entry("project", List.of("repository")),
            Map.entry("project:admin", List.of("project")),
            Map.entry("repository", List.of()),
            Map.entry("repository:write", List.of("repository")),
            Map.entry("repository:admin", List.of()),
            Map.entry("repository:delete", List.of()),
            Map.entry("pullrequest", List.of("repository")),
            Map.entry("pullrequest:write", List.of("pullrequest")),
            Map.entry("issue", List.of()),
            Map.entry("issue:write", List.of("issue")),
            Map.entry("wiki", List.of()),
            Map.entry("webhook", List.of()),
            Map.entry("snippet", List.of()),
            Map.entry("snippet:write", List.of("snippet")),
            Map.entry("pipeline", List.of()),
            Map.entry("pipeline:write", List.of("pipeline")),
            Map.entry("pipeline:variable", List.of()),
            Map.entry("runner", List.of()),
            Map.entry("runner:write", List.of("runner")),
            Map.entry("read:repository:bitbucket", List.of()),
            Map.entry("write:repository:bitbucket", List.of()),
            Map.entry("admin:repository:bitbucket", List.of()),
            Map.entry("delete:repository:bitbucket", List.of()),
            Map.entry("read:pullrequest:bitbucket", List.of()),
            Map.entry("write:pullrequest:bitbucket", List.of()),
            Map.entry("read:project:bitbucket", List.of()),
            Map.entry("admin:project:bitbucket", List.of()),
            Map.entry("read:workspace:bitbucket", List.of()),
            Map.entry("admin:workspace:bitbucket", List.of()),
            Map.entry("read:user:bitbucket", List.of()),
            Map.entry("write:user:bitbucket", List.of()),
            Map.entry("read:pipeline:bitbucket", List.of()),
            Map.entry("write:pipeline:bitbucket", List.of()),
            Map.entry("admin:pipeline:bitbucket", List.of()),
            Map.entry("read:runner:bitbucket", List.of()),
            Map.entry("write:runner:bitbucket", List.of()),
            Map.entry("read:issue:bitbucket", List.of()),
            Map.entry("write:issue:bitbucket", List.of()),
            Map.entry("delete:issue:bitbucket", List.of()),
            Map.entry("read:webhook:bitbucket", List.of()),
            Map.entry("write:webhook:bitbucket", List.of()),
            Map.entry("delete:webhook:bitbucket", List.of()),
            Map.entry("read:snippet:bitbucket", List.of()),
            Map.entry("write:snippet:bitbucket", List.of()),
            Map.entry("delete:snippet:bitbucket", List.of()),
            Map.entry("read:ssh-key:bitbucket", List.of()),
            Map.entry("write:ssh-key:bitbucket", List.of()),
            Map.entry("delete:ssh-key:bitbucket", List.of()),
            Map.entry("read:gpg-key:bitbucket", List.of()),
            Map.entry("write:gpg-key:bitbucket", List.of()),
            Map.entry("delete:gpg-key:bitbucket", List.of()),
            Map.entry("read:permission:bitbucket", List.of()),
            Map.entry("write:permission:bitbucket", List.of()),
            Map.entry("delete:permission:bitbucket", List.of()),
            Map.entry("read:wiki:bitbucket", List.of()),
            Map.entry("write:wiki:bitbucket", List.of()));

    /** Bitbucket Data Center HTTP access token permissions: ADMIN includes WRITE includes READ; a project level covers its repositories. */
    private static final Map<String, List<String>> BITBUCKET_DATA_CENTER = Map.of(
            "PROJECT_ADMIN", List.of("PROJECT_WRITE", "REPO_ADMIN"),
            "PROJECT_WRITE", List.of("PROJECT_READ", "REPO_WRITE"),
            "PROJECT_READ", List.of("REPO_READ"),
            "REPO_ADMIN", List.of("REPO_WRITE"),
            "REPO_WRITE", List.of("REPO_READ"),
            "REPO_READ", List.of());

    /** Azure DevOps PAT scopes (vso.*); each stronger level of an area includes the weaker ones. */
    private static final Map<String, List<String>> AZURE_DEVOPS = azureScopes();

    /** Gitea/Forgejo scopes: write:X includes read:X; {@code all} includes everything. */
    private static final Map<String, List<String>> GITEA = giteaScopes();

    private Vocabulary() {}

    /**
     * GitHub App and fine-grained token permission names, from {@link AppPermissions} (the one list, also used for
     * minting): every name some GitHub host offers, sorted. Which host offers which is settled at inspection.
     */
    static Set<String> githubPermissionNames() {
        return new TreeSet<>(AppPermissions.anyGitHub().keySet());
    }

    /** Why {@code name=level} is not a GitHub permission any GitHub host accepts, naming the allowed levels. */
    static Optional<String> githubPermissionProblem(String name, String level) {
        return AppPermissions.problemWith(name, level);
    }

    /** Scope names of a dialect (for GitHub: classic scopes; see {@link #githubPermissionNames()} for the others). */
    static Set<String> scopeNames(PermissionDialect dialect) {
        return table(dialect).keySet();
    }

    /** The name as the vendor spells it: Bitbucket Data Center permissions upper case, all others lower case. */
    static String canonical(PermissionDialect dialect, String name) {
        return dialect == PermissionDialect.BITBUCKET_DATA_CENTER
                ? name.toUpperCase(Locale.ROOT)
                : name.toLowerCase(Locale.ROOT);
    }

    /** The scope and everything it implies, transitively. Unknown names imply only themselves. */
    static Set<String> withImplied(PermissionDialect dialect, String scope) {
        Map<String, List<String>> table = table(dialect);
        Set<String> closure = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        pending.add(scope);
        while (!pending.isEmpty()) {
            String next = pending.pop();
            if (closure.add(next)) {
                pending.addAll(table.getOrDefault(next, List.of()));
            }
        }
        return closure;
    }

    /** Whether a granted GitHub permission level reaches the required one (admin includes write includes read). */
    static boolean githubLevelCovers(String granted, String required) {
        String need = required.toLowerCase(Locale.ROOT);
        return granted != null && GITHUB_LEVELS.contains(need)
                && AppPermissions.covers(granted.toLowerCase(Locale.ROOT), need);
    }

    private static Map<String, List<String>> table(PermissionDialect dialect) {
        return switch (dialect) {
            case GITHUB -> GITHUB_CLASSIC;
            case GITLAB -> GITLAB;
            case BITBUCKET_CLOUD -> BITBUCKET_CLOUD;
            case BITBUCKET_DATA_CENTER -> BITBUCKET_DATA_CENTER;
            case AZURE_DEVOPS -> AZURE_DEVOPS;
            case GITEA -> GITEA;
        };
    }

    private static Map<String, List<String>> azureScopes() {
        Map<String, List<String>> scopes = new java.util.HashMap<>();
        // Areas whose levels form a chain, weakest first.
        List<List<String>> chains = List.of(
                List.of("vso.code", "vso.code_write", "vso.code_manage", "vso.code_full"),
                List.of("vso.build", "vso.build_execute"),
                List.of("vso.work", "vso.work_write", "vso.work_full"),
                List.of("vso.project", "vso.project_write", "vso.project_manage"),
                List.of("vso.packaging", "vso.packaging_write", "vso.packaging_manage"),
                List.of("vso.release", "vso.release_execute", "vso.release_manage"),
                List.of("vso.identity", "vso.identity_manage"),
                List.of("vso.graph", "vso.graph_manage"),
                List.of("vso.profile", "vso.profile_write"),
                List.of("vso.memberentitlementmanagement", "vso.memberentitlementmanagement_write"),
                List.of("vso.serviceendpoint", "vso.serviceendpoint_query", "vso.serviceendpoint_manage"),
                List.of("vso.variablegroups_read", "vso.variablegroups_write", "vso.variablegroups_manage"),
                List.of("vso.taskgroups_read", "vso.taskgroups_write", "vso.taskgroups_manage"),
                List.of("vso.securefiles_read", "vso.securefiles_write", "vso.securefiles_manage"),
                List.of("vso.agentpools", "vso.agentpools_manage"),
                List.of("vso.test", "vso.test_write"),
                List.of("vso.wiki", "vso.wiki_write"),
                List.of("vso.dashboards", "vso.dashboards_manage"),
                List.of("vso.extension", "vso.extension_manage"),
                List.of("vso.extension.data", "vso.extension.data_write"),
                List.of("vso.notification", "vso.notification_write", "vso.notification_manage"),
                List.of("vso.hooks", "vso.hooks_write"),
                List.of("vso.symbols", "vso.symbols_write", "vso.symbols_manage"),
                List.of("vso.settings", "vso.settings_write"),
                List.of("vso.pipelineresources_use", "vso.pipelineresources_manage"),
                List.of("vso.advsec", "vso.advsec_write", "vso.advsec_manage"),
                List.of("vso.gallery", "vso.gallery_acquire", "vso.gallery_publish", "vso.gallery_manage"));
        for (List<String> chain : chains) {
            for (int i = 0; i < chain.size(); i++) {
                scopes.put(chain.get(i), i == 0 ? List.of() : List.of(chain.get(i - 1)));
            }
        }
        for (String single : List.of("vso.code_status", "vso.threads_full", "vso.analytics", "vso.auditlog",
                "vso.connected_server", "vso.security_manage", "vso.tokens", "vso.tokenadministration",
                "vso.environment_manage", "vso.machinegroup_manage", "vso.notification_diagnostics",
                "vso.hooks_interact", "vso.chat_write", "vso.chat_manage")) {
            scopes.put(single, List.of());
        }
        return Map.copyOf(scopes);
    }

    private static Map<String, List<String>> giteaScopes() {
        Map<String, List<String>> scopes = new java.util.HashMap<>();
        List<String> everything = new java.util.ArrayList<>();
        for (String category : List.of("activitypub", "admin", "issue", "misc", "notification", "organization",
                "package", "repository", "user")) {
            scopes.put("read:" + category, List.of());
            scopes.put("write:" + category, List.of("read:" + category));
            everything.add("write:" + category);
        }
        scopes.put("all", List.copyOf(everything));
        scopes.put("public-only", List.of());
        return Map.copyOf(scopes);
    }
}
