package io.jenkins.plugins.githostcredentials.core.github;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The permission names and levels GitHub accepts when minting an installation token, from the {@code app-permissions}
 * schema of github/rest-api-description (api.github.com, 2022-11-28). Checked before calling GitHub so a typo is
 * reported with a suggestion instead of as GitHub's generic 422.
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
            // still offered by GitHub Enterprise Server releases that predate its removal from github.com
            "team_discussions", READ_WRITE,
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

    private static final Map<String, List<String>> ALL;

    static {
        Map<String, List<String>> all = new LinkedHashMap<>();
        all.putAll(REPOSITORY);
        all.putAll(ORGANIZATION);
        all.putAll(ACCOUNT);
        ALL = Collections.unmodifiableMap(all);
    }

    private AppPermissions() {}

    /** Every known permission name with its allowed levels, repository permissions first. */
    public static Map<String, List<String>> all() {
        return ALL;
    }

    public static Set<String> repositoryPermissions() {
        return REPOSITORY.keySet();
    }

    public static boolean isKnown(String name) {
        return ALL.containsKey(name);
    }

    /** The levels GitHub allows for {@code name}, empty for an unknown name. */
    public static List<String> levels(String name) {
        return ALL.getOrDefault(name, List.of());
    }

    /**
     * Checks one requested permission.
     *
     * @return a message naming what to change, or empty when GitHub will accept it
     */
    public static Optional<String> problemWith(String name, String level) {
        if (!ALL.containsKey(name)) {
            return Optional.of("'" + name + "' is not a GitHub App permission" + suggestion(name)
                    + ". Permission names are lower case with underscores, such as contents, pull_requests, statuses.");
        }
        List<String> allowed = ALL.get(name);
        if (!allowed.contains(level)) {
            return Optional.of("Permission '" + name + "' cannot be '" + level + "': GitHub allows "
                    + String.join(" or ", allowed) + ".");
        }
        return Optional.empty();
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
        for (String known : ALL.keySet()) {
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

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> ordered(Object... nameLevelPairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < nameLevelPairs.length; i += 2) {
            map.put((String) nameLevelPairs[i], (List<String>) nameLevelPairs[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
