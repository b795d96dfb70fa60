package io.jenkins.plugins.githostcredentials.core.github;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an installation token is narrowed to: some of the installation's repositories and some of its permissions.
 * Empty means "everything the installation has". Checked against GitHub's rules when built, so a mistake is
 * reported before GitHub is called.
 *
 * @param repositories repository names without the owner (the installation fixes the owner), at most 500;
 *     stored lower case, as GitHub treats them case-insensitively
 * @param permissions permission name to level ({@code read}, {@code write}, {@code admin}), see {@link AppPermissions}
 */
public record Narrowing(Set<String> repositories, Map<String, String> permissions) {

    /** GitHub's limit on the {@code repositories} list of one token. */
    public static final int MAX_REPOSITORIES = 500;

    private static final Narrowing NONE = new Narrowing(Set.of(), Map.of());

    /**
     * @throws IllegalArgumentException naming the repository or permission to fix
     */
    public Narrowing {
        repositories = checkRepositories(repositories == null ? Set.of() : repositories);
        permissions = checkPermissions(permissions == null ? Map.of() : permissions);
    }

    /** Everything the installation has. */
    public static Narrowing none() {
        return NONE;
    }

    public static Narrowing repositories(Set<String> repositories) {
        return new Narrowing(repositories, Map.of());
    }

    public Narrowing withPermissions(Map<String, String> permissions) {
        return new Narrowing(repositories, permissions);
    }

    public boolean isEmpty() {
        return repositories.isEmpty() && permissions.isEmpty();
    }

    private static Set<String> checkRepositories(Set<String> names) {
        if (names.size() > MAX_REPOSITORIES) {
            throw new IllegalArgumentException("A GitHub installation token can be narrowed to at most "
                    + MAX_REPOSITORIES + " repositories, but " + names.size() + " were requested. Ask for fewer "
                    + "repositories, or for none to get every repository the installation covers.");
        }
        Set<String> checked = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String raw : names) {
            String name = raw == null ? "" : raw.strip();
            if (name.endsWith(".git")) {
                name = name.substring(0, name.length() - 4);
            }
            if (name.contains("/")) {
                problems.add("'" + name + "' includes an owner: give the repository name alone ('"
                        + name.substring(name.lastIndexOf('/') + 1) + "'); the installation already determines the owner");
            } else if (!InstallationLocator.REPOSITORY.matcher(name).matches() || name.equals(".") || name.equals("..")) {
                problems.add("'" + name + "' is not a repository name (letters, digits, '.', '-' and '_' only)");
            } else {
                checked.add(name.toLowerCase(Locale.ROOT));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Cannot narrow the token to these repositories: " + String.join("; ", problems) + ".");
        }
        return Collections.unmodifiableSet(checked);
    }

    private static Map<String, String> checkPermissions(Map<String, String> requested) {
        Map<String, String> checked = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        requested.forEach((rawName, rawLevel) -> {
            String name = rawName == null ? "" : rawName.strip();
            String level = rawLevel == null ? "" : rawLevel.strip().toLowerCase(Locale.ROOT);
            AppPermissions.problemWith(name, level).ifPresentOrElse(problems::add, () -> checked.put(name, level));
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", problems));
        }
        return Collections.unmodifiableMap(checked);
    }
}
