package io.jenkins.plugins.githostcredentials.core.github;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The most a GitHub App credential may hand out, whatever a pipeline asks: which repositories (names or patterns)
 * and which permissions at which level. Set by the administrator on the credential; every token request is
 * {@linkplain #check checked} against it before GitHub is called. An empty ceiling sets no limit; a ceiling with
 * only repositories limits only repositories, and likewise for permissions.
 *
 * <p>Text form, one entry per line or separated by commas ({@code #} starts a comment line):
 * <ul>
 *   <li>repositories: {@code name} (any owner the installation has), {@code owner/name}, with {@code *} matching any
 *       run of characters: {@code api-*}, {@code acme/*}, {@code *-service}; case-insensitive as on GitHub;</li>
 *   <li>permissions: {@code NAME:LEVEL} or {@code NAME=LEVEL} as in requirement words and pipeline permissions
 *       ({@code contents:read}, {@code pull_requests=write}), names and levels as in {@link AppPermissions}.</li>
 * </ul>
 * {@code metadata: read} is always allowed: GitHub puts it in every installation token.
 */
public final class PermissionCeiling {

    private static final PermissionCeiling NONE = new PermissionCeiling(List.of(), Map.of());

    /** A repository name, or owner/name, where {@code *} may stand for any characters. */
    private static final Pattern REPOSITORY_PATTERN =
            Pattern.compile("(?:[A-Za-z0-9*][A-Za-z0-9_*-]{0,98}/)?[A-Za-z0-9._*-]{1,100}");

    private final List<String> repositoryPatterns;
    private final List<Pattern> compiledPatterns;
    private final Map<String, String> permissions;

    private PermissionCeiling(List<String> repositoryPatterns, Map<String, String> permissions) {
        this.repositoryPatterns = List.copyOf(repositoryPatterns);
        this.permissions = Collections.unmodifiableMap(new TreeMap<>(permissions));
        this.compiledPatterns = repositoryPatterns.stream().map(PermissionCeiling::compile).toList();
    }

    /** No limit. */
    public static PermissionCeiling none() {
        return NONE;
    }

    /**
     * Reads what the administrator typed in the credential's two ceiling fields; null or blank sets no limit.
     *
     * @throws IllegalArgumentException listing every entry to fix
     */
    public static PermissionCeiling parse(String repositoriesText, String permissionsText) {
        List<String> problems = new ArrayList<>();
        List<String> patterns = parseRepositories(entries(repositoriesText), problems);
        Map<String, String> permissions = parsePermissions(entries(permissionsText), problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("The credential's ceiling cannot be read: " + String.join(" ", problems));
        }
        return patterns.isEmpty() && permissions.isEmpty() ? NONE : new PermissionCeiling(patterns, permissions);
    }

    /**
     * The same from lists (configuration as code).
     *
     * @throws IllegalArgumentException listing every entry to fix
     */
    public static PermissionCeiling of(Collection<String> repositoryPatterns, Map<String, String> permissions) {
        List<String> problems = new ArrayList<>();
        List<String> patterns = parseRepositories(
                repositoryPatterns == null ? List.of() : new ArrayList<>(repositoryPatterns), problems);
        List<String> permissionEntries = new ArrayList<>();
        if (permissions != null) {
            permissions.forEach((name, level) -> permissionEntries.add(name + ":" + level));
        }
        Map<String, String> checked = parsePermissions(permissionEntries, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("The credential's ceiling cannot be read: " + String.join(" ", problems));
        }
        return patterns.isEmpty() && checked.isEmpty() ? NONE : new PermissionCeiling(patterns, checked);
    }

    public boolean isEmpty() {
        return repositoryPatterns.isEmpty() && permissions.isEmpty();
    }

    public boolean limitsRepositories() {
        return !repositoryPatterns.isEmpty();
    }

    public boolean limitsPermissions() {
        return !permissions.isEmpty();
    }

    /** The repository entries as typed (normalised: stripped, {@code .git} removed), in order. */
    public List<String> repositoryPatterns() {
        return repositoryPatterns;
    }

    /** Permission name to highest allowed level, sorted by name. */
    public Map<String, String> permissions() {
        return permissions;
    }

    /**
     * The permissions to mint with: those asked for, or, when none were asked and the ceiling limits permissions,
     * the ceiling's own (an unnarrowed token would carry every permission of the installation).
     */
    public Map<String, String> permissionsToRequest(Map<String, String> requested) {
        return (requested == null || requested.isEmpty()) && limitsPermissions() ? permissions
                : requested == null ? Map.of() : requested;
    }

    /** {@link #check(String, Collection, Map)} for what a token request will ask GitHub for. */
    public List<String> check(String owner, Narrowing narrowing) {
        return check(owner, narrowing.repositories(), narrowing.permissions());
    }

    /** {@link #check(String, Collection, Map)} with repositories named {@code owner/name} or by name alone. */
    public List<String> check(Collection<String> repositories, Map<String, String> permissions) {
        return check(null, repositories, permissions);
    }

    /**
     * Everything in the request that the ceiling does not allow, one message each; empty when all is allowed.
     * Asking for no repositories (every repository the installation covers) or no permissions (every permission it
     * has) exceeds a ceiling that limits them.
     *
     * @param owner the account of repositories given by name alone, or null when unknown (then only patterns without
     *     an owner can match them)
     * @param repositories {@code name} or {@code owner/name}
     * @param permissions permission name to level
     */
    public List<String> check(String owner, Collection<String> repositories, Map<String, String> permissions) {
        List<String> violations = new ArrayList<>();
        Collection<String> names = repositories == null ? List.of() : repositories;
        Map<String, String> asked = permissions == null ? Map.of() : permissions;
        if (limitsRepositories()) {
            if (names.isEmpty()) {
                violations.add("The request asks for every repository the installation covers, but this credential "
                        + "allows only " + String.join(", ", repositoryPatterns) + ": ask for the repositories the "
                        + "job needs (e.g. repositories: ['" + example() + "']).");
            }
            for (String repository : names) {
                if (!allowsRepository(owner, repository)) {
                    violations.add("repository " + qualified(owner, repository) + " is not among the repositories "
                            + "this credential allows: " + String.join(", ", repositoryPatterns) + ".");
                }
            }
        }
        if (limitsPermissions()) {
            if (asked.isEmpty()) {
                violations.add("The request asks for every permission the installation has, but this credential "
                        + "allows at most " + describe(this.permissions) + ": ask for the permissions the job needs.");
            }
            Map<String, String> sorted = new TreeMap<>(); // one order for the messages, whatever map was passed
            asked.forEach((rawName, rawLevel) -> sorted.put(
                    rawName == null ? "" : rawName.strip().toLowerCase(Locale.ROOT),
                    rawLevel == null ? "" : rawLevel.strip().toLowerCase(Locale.ROOT)));
            sorted.forEach((name, level) -> {
                String ceiling = this.permissions.get(name);
                if (ceiling == null) {
                    if (!(name.equals("metadata") && level.equals(AppPermissions.READ))) {
                        violations.add(name + ":" + level + " is not among the permissions this credential allows: "
                                + describe(this.permissions) + ".");
                    }
                } else if (!AppPermissions.covers(ceiling, level)) {
                    violations.add(name + ":" + level + " exceeds the ceiling " + name + ":" + ceiling
                            + " set on this credential.");
                }
            });
        }
        return List.copyOf(violations);
    }

    /**
     * @throws IllegalArgumentException with every violation, when the request exceeds the ceiling
     */
    public void require(String owner, Collection<String> repositories, Map<String, String> permissions) {
        List<String> violations = check(owner, repositories, permissions);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("The GitHub App credential does not allow this token: "
                    + String.join(" ", violations) + " An administrator can raise the credential's ceiling.");
        }
    }

    /** Whether a repository ({@code name} or {@code owner/name}) is within the ceiling; always true without limit. */
    public boolean allowsRepository(String owner, String repository) {
        if (!limitsRepositories()) {
            return true;
        }
        String value = normaliseRepository(repository);
        String name = value;
        String repositoryOwner = owner == null || owner.isBlank() ? null : owner.strip();
        int slash = value.indexOf('/');
        if (slash >= 0) {
            repositoryOwner = value.substring(0, slash);
            name = value.substring(slash + 1);
        }
        for (int i = 0; i < repositoryPatterns.size(); i++) {
            Pattern pattern = compiledPatterns.get(i);
            if (repositoryPatterns.get(i).contains("/")) {
                if (repositoryOwner != null && pattern.matcher(repositoryOwner + "/" + name).matches()) {
                    return true;
                }
            } else if (pattern.matcher(name).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The text form of the repositories field, one entry per line, parseable again. */
    public String repositoriesText() {
        return String.join("\n", repositoryPatterns);
    }

    /** The text form of the permissions field, one entry per line, parseable again. */
    public String permissionsText() {
        List<String> lines = new ArrayList<>();
        permissions.forEach((name, level) -> lines.add(name + ":" + level));
        return String.join("\n", lines);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PermissionCeiling other
                && repositoryPatterns.equals(other.repositoryPatterns)
                && permissions.equals(other.permissions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(repositoryPatterns, permissions);
    }

    @Override
    public String toString() {
        return isEmpty() ? "PermissionCeiling[none]"
                : "PermissionCeiling[repositories=" + (limitsRepositories() ? repositoryPatterns : "any")
                        + ", permissions=" + (limitsPermissions() ? describe(permissions) : "any") + "]";
    }

    // ---------------------------------------------------------------- parsing

    /** Lines and comma-separated parts, stripped, without blanks and '#' comment lines. */
    private static List<String> entries(String text) {
        List<String> entries = new ArrayList<>();
        if (text == null) {
            return entries;
        }
        for (String line : text.split("\\R")) {
            String stripped = line.strip();
            if (stripped.startsWith("#")) {
                continue;
            }
            for (String part : stripped.split(",")) {
                if (!part.isBlank()) {
                    entries.add(part.strip());
                }
            }
        }
        return entries;
    }

    private static List<String> parseRepositories(List<String> entries, List<String> problems) {
        Set<String> patterns = new LinkedHashSet<>();
        for (String entry : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            String value = normaliseRepository(entry);
            if (!REPOSITORY_PATTERN.matcher(value).matches() || value.equals(".") || value.equals("..")) {
                problems.add("'" + entry + "' is not a repository: write name or owner/name, with * for any "
                        + "characters (e.g. api-*, acme/web).");
            } else {
                patterns.add(value);
            }
        }
        return new ArrayList<>(patterns);
    }

    private static Map<String, String> parsePermissions(List<String> entries, List<String> problems) {
        Map<String, String> permissions = new LinkedHashMap<>();
        for (String entry : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int separator = entry.indexOf('=');
            if (separator < 0) {
                separator = entry.lastIndexOf(':');
            }
            if (separator <= 0 || separator == entry.length() - 1) {
                problems.add("'" + entry + "' is not a permission: write NAME:LEVEL, e.g. contents:read or "
                        + "pull_requests:write.");
                continue;
            }
            String name = entry.substring(0, separator).strip().toLowerCase(Locale.ROOT);
            String level = entry.substring(separator + 1).strip().toLowerCase(Locale.ROOT);
            var problem = AppPermissions.problemWith(name, level);
            if (problem.isPresent()) {
                problems.add(problem.get());
                continue;
            }
            String earlier = permissions.putIfAbsent(name, level);
            if (earlier != null && !earlier.equals(level)) {
                problems.add("'" + name + "' is given twice (" + earlier + " and " + level + "): keep the one level "
                        + "the credential may hand out at most.");
            }
        }
        return permissions;
    }

    private static String normaliseRepository(String repository) {
        String value = repository == null ? "" : repository.strip();
        if (value.toLowerCase(Locale.ROOT).endsWith(".git")) {
            value = value.substring(0, value.length() - 4);
        }
        return value;
    }

    /** Case-insensitive; '*' is any run of characters except '/', everything else literal. */
    private static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder();
        String[] literals = pattern.split("\\*", -1);
        for (int i = 0; i < literals.length; i++) {
            if (i > 0) {
                regex.append("[^/]*");
            }
            if (!literals[i].isEmpty()) {
                regex.append(Pattern.quote(literals[i]));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private String example() {
        return repositoryPatterns.stream().filter(p -> !p.contains("*")).findFirst().orElse("NAME");
    }

    private static String qualified(String owner, String repository) {
        String value = normaliseRepository(repository);
        return value.contains("/") || owner == null || owner.isBlank() ? value : owner.strip() + "/" + value;
    }

    private static String describe(Map<String, String> permissions) {
        List<String> parts = new ArrayList<>();
        permissions.forEach((name, level) -> parts.add(name + ":" + level));
        return String.join(", ", parts);
    }
}
