package io.jenkins.plugins.githostcredentials.core.capability;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A host permission asked for in the host's own words. Written {@code DIALECT:NAME} where DIALECT is one of
 * {@code github}, {@code gitlab}, {@code bitbucket} (Cloud), {@code bitbucket-dc}, {@code azure}, {@code gitea}
 * ({@code forgejo} is a synonym):
 * <ul>
 *   <li>{@code github:NAME=LEVEL} (or {@code github:NAME:LEVEL}): a GitHub App / fine-grained token permission
 *       of {@link io.jenkins.plugins.githostcredentials.core.github.AppPermissions}, LEVEL one it allows for NAME
 *       ({@code read}, {@code write}, {@code admin}): {@code github:pull_requests=write}</li>
 *   <li>{@code github:SCOPE}: a classic token scope: {@code github:repo}, {@code github:read:org}</li>
 *   <li>{@code gitlab:SCOPE}: {@code gitlab:api}, {@code gitlab:read_repository}</li>
 *   <li>{@code bitbucket:SCOPE}: classic scopes of access tokens and app passwords ({@code bitbucket:pullrequest:write})
 *       or API-token scopes ({@code bitbucket:write:pullrequest:bitbucket})</li>
 *   <li>{@code bitbucket-dc:PERMISSION}: {@code bitbucket-dc:REPO_WRITE}, {@code bitbucket-dc:PROJECT_READ}</li>
 *   <li>{@code azure:SCOPE}: {@code azure:vso.code_write}</li>
 *   <li>{@code gitea:SCOPE}: {@code gitea:write:repository}</li>
 * </ul>
 *
 * @param level the GitHub permission level, or {@code null} for a scope
 */
public record RawPermission(PermissionDialect dialect, String name, String level) implements Need {

    public RawPermission {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(name, "name");
        if (level != null && dialect != PermissionDialect.GITHUB) {
            throw new IllegalArgumentException("only GitHub permissions have a level");
        }
    }

    /** A scope (or Bitbucket Data Center permission); the name is checked against the host's vocabulary. */
    public static RawPermission scope(PermissionDialect dialect, String name) {
        return parse(dialect.prefix() + ":" + name);
    }

    /** A GitHub App / fine-grained token permission such as {@code contents}, {@code write}. */
    public static RawPermission github(String name, String level) {
        return parse("github:" + name + "=" + level);
    }

    /** True for a GitHub App / fine-grained permission (with a level), false for a scope. */
    public boolean isGitHubPermission() {
        return level != null;
    }

    /** The canonical requirement word: {@code github:pull_requests=write}, {@code gitlab:api}. */
    @Override
    public String id() {
        return dialect.prefix() + ":" + name + (level == null ? "" : "=" + level);
    }

    /** What to grant, in the host's words: {@code pull_requests:write}, {@code api}, {@code REPO_WRITE}. */
    public String wording() {
        return level == null ? name : name + ":" + level;
    }

    @Override
    public String phrase() {
        return "use " + wording();
    }

    @Override
    public String toString() {
        return id();
    }

    /**
     * Parses {@code DIALECT:NAME[=LEVEL]}.
     *
     * @throws IllegalArgumentException naming the valid names of the host when the word does not fit
     */
    static RawPermission parse(String word) {
        int colon = word.indexOf(':');
        if (colon <= 0 || colon == word.length() - 1) {
            throw new IllegalArgumentException("'" + word + "' is not a raw host permission: write DIALECT:NAME, "
                    + "e.g. github:pull_requests=write or gitlab:api");
        }
        String prefix = word.substring(0, colon);
        String rest = word.substring(colon + 1).strip();
        PermissionDialect dialect = PermissionDialect.fromPrefix(prefix).orElseThrow(() -> new IllegalArgumentException(
                "Unknown host '" + prefix + "' in '" + word + "': use github, gitlab, bitbucket, bitbucket-dc, azure or gitea."));
        if (dialect == PermissionDialect.GITHUB) {
            RawPermission permission = parseGitHubPermission(word, rest);
            if (permission != null) {
                return permission;
            }
        }
        String name = Vocabulary.canonical(dialect, rest);
        if (!Vocabulary.scopeNames(dialect).contains(name)) {
            throw new IllegalArgumentException("Unknown " + dialect.displayName() + " " + scopeWord(dialect) + " '"
                    + rest + "' in '" + word + "'. Valid: " + String.join(", ", new TreeSet<>(Vocabulary.scopeNames(dialect)))
                    + (dialect == PermissionDialect.GITHUB
                            ? "; or a GitHub App / fine-grained permission as github:NAME=LEVEL with NAME one of "
                                    + String.join(", ", Vocabulary.githubPermissionNames())
                                    + " and LEVEL read, write or admin as GitHub allows for NAME"
                            : "")
                    + ".");
        }
        return new RawPermission(dialect, name, null);
    }

    /** {@code NAME=LEVEL} or {@code NAME:LEVEL} with a known permission name; null when it is a classic scope. */
    private static RawPermission parseGitHubPermission(String word, String rest) {
        int separator = rest.indexOf('=');
        if (separator < 0) {
            separator = rest.lastIndexOf(':');
        }
        if (separator <= 0) {
            return null;
        }
        String name = rest.substring(0, separator).strip().toLowerCase(Locale.ROOT);
        String level = rest.substring(separator + 1).strip().toLowerCase(Locale.ROOT);
        if (!Vocabulary.githubPermissionNames().contains(name)) {
            if (rest.indexOf('=') >= 0) {
                throw new IllegalArgumentException("Unknown GitHub permission '" + name + "' in '" + word + "'. Valid: "
                        + String.join(", ", Vocabulary.githubPermissionNames()) + ".");
            }
            return null; // a classic scope with a colon, such as read:org
        }
        Optional<String> problem = Vocabulary.githubPermissionProblem(name, level);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("In '" + word + "': " + problem.get());
        }
        return new RawPermission(PermissionDialect.GITHUB, name, level);
    }

    private static String scopeWord(PermissionDialect dialect) {
        return dialect == PermissionDialect.BITBUCKET_DATA_CENTER ? "permission" : "scope";
    }
}
