package io.jenkins.plugins.githostcredentials.core.github;

import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one list of GitHub App (and fine-grained token) permission names with the levels each allows: what minting
 * checks before calling GitHub (so a typo gets a suggestion instead of GitHub's generic 422) and what a job may
 * {@code require} as {@code github:NAME=LEVEL}.
 *
 * <p>The api.github.com names and levels are schema {@code app-permissions} of github/rest-api-description (each
 * property's {@code enum}); a test compares them with a checked-in copy of that schema (see its README for how to
 * refresh it). Names that only GitHub Enterprise Server releases still offer are kept apart and apply to
 * {@link HostKind#GITHUB_ENTERPRISE} only.
 */
public final class AppPermissions {

    public static final String READ = "read";
    public static final String WRITE = "write";
    public static final String ADMIN = "admin";

    private static final List<String> READ_WRITE = List.of(READ, WRITE);
    private static final List<String> READ_WRITE_ADMIN = List.of(READ, WRITE, ADMIN);
    private static final List<String> READ_ONLY = List.of(READ);
    private static final List<String> WRITE_ONLY = List.of(WRITE);

    /** Permissions on repositories. */
    private static final Map<String, List<String>> REPOSITORY = ordered(
            "actions", READ_WRITE,
            "administration", READ_WRITE,
            "artifact_metadata", READ_WRITE,
            "attestations", READ_WRITE,
            "checks", READ_WRITE,
            "code_quality", READ_WRITE,
            "codespaces", READ_WRITE,
            "contents", READ_WRITE,
            "dependabot_secrets", READ_WRITE,
            "deployments", READ_WRITE,
            "discussions", READ_WRITE,
            "environments", READ_WRITE,
            "issues", READ_WRITE,
            "merge_queues", READ_WRITE,
            "metadata", READ_WRITE,
            "packages", READ_WRITE,
            "pages", READ_WRITE,
            "pull_requests", READ_WRITE,
            "repository_custom_properties", READ_WRITE,
            "repository_hooks", READ_WRITE,
            "repository_projects", READ_WRITE_ADMIN,
            "secret_scanning_alerts", READ_WRITE,
            "secrets", READ_WRITE,
            "security_events", READ_WRITE,
            "single_file", READ_WRITE,
            "statuses", READ_WRITE,
            "vulnerability_alerts", READ_WRITE,
            "workflows", WRITE_ONLY);

    /** Permissions on the organization (and, last, the enterprise) the app is installed on. */
    private static final Map<String, List<String>> ORGANIZATION = ordered(
            "custom_properties_for_organizations", READ_WRITE,
            "members", READ_WRITE,
            "organization_administration", READ_WRITE,
            "organization_announcement_banners", READ_WRITE,
            "organization_copilot_agent_settings", READ_WRITE,
            "organization_copilot_seat_management", READ_WRITE,
            "organization_custom_org_roles", READ_WRITE,
            "organization_custom_properties", READ_WRITE_ADMIN,
            "organization_custom_roles", READ_WRITE,
            "organization_events", READ_ONLY,
            "organization_hooks", READ_WRITE,
            "organization_packages", READ_WRITE,
            "organization_personal_access_token_requests", READ_WRITE,
            "organization_personal_access_tokens", READ_WRITE,
            "organization_plan", READ_ONLY,
            "organization_projects", READ_WRITE_ADMIN,
            "organization_secrets", READ_WRITE,
            "organization_self_hosted_runners", READ_WRITE,
            "organization_user_blocking", READ_WRITE,
            "enterprise_custom_properties_for_organizations", READ_WRITE_ADMIN);

    /** Permissions on the user account the app is installed on. */
    private static final Map<String, List<String>> ACCOUNT = ordered(
            "email_addresses", READ_WRITE,
            "followers", READ_WRITE,
            "git_ssh_keys", READ_WRITE,
            "gpg_keys", READ_WRITE,
            "interaction_limits", READ_WRITE,
            "profile", WRITE_ONLY,
            "starring", READ_WRITE);

    /** Gone from api.github.com (and its schema), still offered by GitHub Enterprise Server releases before that. */
    private static final Map<String, List<String>> ENTERPRISE_SERVER_ONLY = ordered(
            "team_discussions", READ_WRITE);

    /** What api.github.com (and GHEC) offers: the schema's names, repository permissions first. */
    private static final Map<String, List<String>> GITHUB_COM = joined(REPOSITORY, ORGANIZATION, ACCOUNT);

    /** What some GitHub host offers: api.github.com's names, then GitHub Enterprise Server's own. */
    private static final Map<String, List<String>> ANY_GITHUB = joined(GITHUB_COM, ENTERPRISE_SERVER_ONLY);

    private AppPermissions() {}

    /** The permissions of api.github.com with their allowed levels, as schema {@code app-permissions} lists them. */
    public static Map<String, List<String>> githubCom() {
        return GITHUB_COM;
    }

    /** Every permission some GitHub host offers: {@link #githubCom()}, then the GitHub Enterprise Server only names. */
    public static Map<String, List<String>> anyGitHub() {
        return ANY_GITHUB;
    }

    /**
     * The permissions a host offers: api.github.com's for {@link HostKind#GITHUB}, those and the names only GitHub
     * Enterprise Server still has for {@link HostKind#GITHUB_ENTERPRISE}, none for other hosts.
     */
    public static Map<String, List<String>> offeredBy(HostKind host) {
        return switch (host) {
            case GITHUB -> GITHUB_COM;
            case GITHUB_ENTERPRISE -> ANY_GITHUB;
            default -> Map.of();
        };
    }

    public static Set<String> repositoryPermissions() {
        return REPOSITORY.keySet();
    }

    /** Whether some GitHub host (api.github.com or a GitHub Enterprise Server) has this permission. */
    public static boolean isKnown(String name) {
        return ANY_GITHUB.containsKey(name);
    }

    /** The levels GitHub allows for {@code name}, weakest first; empty for an unknown name. */
    public static List<String> levels(String name) {
        return ANY_GITHUB.getOrDefault(name, List.of());
    }

    /**
     * Checks one permission against what any GitHub host offers (for when the host is not known yet, as when a job's
     * requirements are parsed).
     *
     * @return a message naming what to change, or empty when some GitHub accepts it
     */
    public static Optional<String> problemWith(String name, String level) {
        if (!ANY_GITHUB.containsKey(name)) {
            return Optional.of("'" + name + "' is not a GitHub App permission" + suggestion(name)
                    + ". Permission names are lower case with underscores, such as contents, pull_requests, statuses.");
        }
        List<String> allowed = ANY_GITHUB.get(name);
        if (!allowed.contains(level)) {
            return Optional.of("Permission '" + name + "' cannot be '" + level + "': GitHub allows "
                    + String.join(" or ", allowed) + " for it.");
        }
        return Optional.empty();
    }

    /**
     * Checks one permission against what {@code host} offers.
     *
     * @return a message naming what to change, or empty when this host accepts it
     */
    public static Optional<String> problemWith(String name, String level, HostKind host) {
        Optional<String> anywhere = problemWith(name, level);
        if (anywhere.isPresent() || offeredBy(host).containsKey(name)) {
            return anywhere;
        }
        return Optional.of(notOffered(name, host));
    }

    /** Why {@code host} lacks a permission some other GitHub host has. */
    public static String notOffered(String name, HostKind host) {
        if (ENTERPRISE_SERVER_ONLY.containsKey(name)) {
            return "Permission '" + name + "' exists only on GitHub Enterprise Server releases that still have it, "
                    + "not on " + host.displayName() + ": remove it from the request.";
        }
        return "Permission '" + name + "' is a GitHub permission, not one of " + host.displayName() + ".";
    }

    /** True when {@code granted} is at least {@code requested} (read &lt; write &lt; admin). */
    public static boolean covers(String granted, String requested) {
        return rank(granted) >= rank(requested);
    }

    private static int rank(String level) {
        return switch (level == null ? "" : level) {
            case READ -> 1;
            case WRITE -> 2;
            case ADMIN -> 3;
            default -> 0;
        };
    }

    private static String suggestion(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        List<String> close = new ArrayList<>();
        for (String known : ANY_GITHUB.keySet()) {
            if (known.equals(lower) || editDistance(known, lower) <= 2) {
                close.add(known);
            }
        }
        return close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)";
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    @SafeVarargs
    private static Map<String, List<String>> joined(Map<String, List<String>>... groups) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (Map<String, List<String>> group : groups) {
            all.putAll(group);
        }
        return Collections.unmodifiableMap(all);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> ordered(Object... nameLevelPairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < nameLevelPairs.length; i += 2) {
            map.put((String) nameLevelPairs[i], (List<String>) nameLevelPairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
