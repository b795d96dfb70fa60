package io.jenkins.plugins.githostcredentials.core.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a build block asks of a credential: the repositories it works on, how to narrow a GitHub App token, what to
 * check before the block runs, and which environment variables receive the token and the git username. Holds no
 * secret, so it may be kept in serialized pipeline state.
 *
 * @param repositories the repositories the block works on. A GitHub App token is narrowed to them ({@code owner/name}
 *     or {@code name}; empty for the credential's defaults); for every credential the preflight checks each of them,
 *     written as the host names repositories ({@code owner/repo}, GitLab {@code group/sub/project}, Bitbucket Data
 *     Center {@code PROJ/repo}, Azure DevOps {@code project/repo})
 * @param permissions GitHub App narrowing only: permission name to {@code read}/{@code write}/{@code admin}; empty
 *     for the credential's defaults
 * @param require capabilities to check before the block runs ({@code checkout}, {@code commit-status}, ...; see
 *     the inspection vocabulary), on each of {@code repositories}; empty for no preflight
 * @param tokenVariable the variable that receives the token; blank for {@link SessionVariables#DEFAULT_TOKEN_VARIABLE}
 * @param usernameVariable the variable that receives the git username; blank for
 *     {@link SessionVariables#DEFAULT_USERNAME_VARIABLE}
 */
public record SessionRequest(
        List<String> repositories,
        Map<String, String> permissions,
        List<String> require,
        String tokenVariable,
        String usernameVariable) {

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * @throws IllegalArgumentException naming the variable to rename
     */
    public SessionRequest {
        repositories = cleanList(repositories);
        permissions = permissions == null ? Map.of() : Map.copyOf(stripKeys(permissions));
        require = cleanList(require);
        tokenVariable = checkVariable(tokenVariable, SessionVariables.DEFAULT_TOKEN_VARIABLE, "tokenVariable");
        usernameVariable =
                checkVariable(usernameVariable, SessionVariables.DEFAULT_USERNAME_VARIABLE, "usernameVariable");
        if (tokenVariable.equals(usernameVariable)) {
            throw new IllegalArgumentException("tokenVariable and usernameVariable are both '" + tokenVariable
                    + "': give them different names, or leave them empty for " + SessionVariables.DEFAULT_TOKEN_VARIABLE
                    + " and " + SessionVariables.DEFAULT_USERNAME_VARIABLE + ".");
        }
        if (tokenVariable.startsWith("GIT_CONFIG_") || usernameVariable.startsWith("GIT_CONFIG_")) {
            throw new IllegalArgumentException("Variable names starting with GIT_CONFIG_ belong to git's own "
                    + "configuration, which this block sets: choose another tokenVariable or usernameVariable.");
        }
    }

    /** No narrowing, no preflight, default variable names. */
    public static SessionRequest defaults() {
        return new SessionRequest(List.of(), Map.of(), List.of(), null, null);
    }

    public SessionRequest withRepositories(List<String> newRepositories) {
        return new SessionRequest(newRepositories, permissions, require, tokenVariable, usernameVariable);
    }

    public SessionRequest withPermissions(Map<String, String> newPermissions) {
        return new SessionRequest(repositories, newPermissions, require, tokenVariable, usernameVariable);
    }

    public SessionRequest withRequire(List<String> newRequire) {
        return new SessionRequest(repositories, permissions, newRequire, tokenVariable, usernameVariable);
    }

    public SessionRequest withTokenVariable(String name) {
        return new SessionRequest(repositories, permissions, require, name, usernameVariable);
    }

    public SessionRequest withUsernameVariable(String name) {
        return new SessionRequest(repositories, permissions, require, tokenVariable, name);
    }

    private static List<String> cleanList(List<String> values) {
        List<String> cleaned = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                if (value != null && !value.isBlank()) {
                    cleaned.add(value.strip());
                }
            }
        }
        return List.copyOf(cleaned);
    }

    private static Map<String, String> stripKeys(Map<String, String> permissions) {
        Map<String, String> stripped = new LinkedHashMap<>();
        permissions.forEach((name, level) -> {
            String key = Objects.requireNonNullElse(name, "").strip();
            stripped.put(key, Objects.requireNonNullElse(level, "").strip());
        });
        return stripped;
    }

    private static String checkVariable(String name, String defaultName, String field) {
        if (name == null || name.isBlank()) {
            return defaultName;
        }
        String value = name.strip();
        if (!VARIABLE_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value + "' is not a usable environment variable name: "
                    + "use letters, digits and '_', not starting with a digit (e.g. " + defaultName + ").");
        }
        return value;
    }
}
