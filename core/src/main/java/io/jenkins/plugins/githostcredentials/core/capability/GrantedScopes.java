package io.jenkins.plugins.githostcredentials.core.capability;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The scopes a host says a token has, with the scopes they imply, so that "covers" questions are answered the way
 * the host answers them ({@code repo} covers {@code repo:status}; {@code api} covers {@code read_repository}).
 */
public final class GrantedScopes {

    private final PermissionDialect dialect;
    private final List<String> reported;
    private final Set<String> effective;

    private GrantedScopes(PermissionDialect dialect, List<String> reported) {
        this.dialect = dialect;
        this.reported = reported;
        Set<String> all = new LinkedHashSet<>();
        for (String scope : reported) {
            all.addAll(Vocabulary.withImplied(dialect, scope));
        }
        this.effective = Set.copyOf(all);
    }

    /** Scopes as the host reported them; blanks are dropped and names normalised to the vendor's spelling. */
    public static GrantedScopes of(PermissionDialect dialect, Collection<String> reported) {
        Objects.requireNonNull(dialect, "dialect");
        List<String> cleaned = reported.stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(s -> Vocabulary.canonical(dialect, s))
                .distinct()
                .toList();
        return new GrantedScopes(dialect, cleaned);
    }

    /** Splits a header such as {@code X-OAuth-Scopes: repo, read:org} (commas and/or spaces). */
    public static GrantedScopes fromHeader(PermissionDialect dialect, String headerValue) {
        return of(dialect, headerValue == null ? List.of() : List.of(headerValue.split("[,\\s]+")));
    }

    public PermissionDialect dialect() {
        return dialect;
    }

    /** What the host listed, in its order. */
    public List<String> reported() {
        return reported;
    }

    /** True when the scope was granted or is implied by a granted one. */
    public boolean covers(String scope) {
        return effective.contains(Vocabulary.canonical(dialect, scope));
    }

    public boolean satisfies(ScopeRule rule) {
        return rule.satisfiedBy(this::covers);
    }

    @Override
    public String toString() {
        return reported.isEmpty() ? "(no scopes)" : String.join(", ", reported);
    }
}
