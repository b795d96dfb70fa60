package io.jenkins.plugins.githostcredentials.core.capability;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What a host must grant for one need: any one of several alternatives, each a set of scopes (or
 * {@code name:level} GitHub permissions) that are all required. Written in the host's own words.
 */
public record ScopeRule(List<List<String>> alternatives) {

    public ScopeRule {
        Objects.requireNonNull(alternatives, "alternatives");
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("a rule needs at least one alternative");
        }
        alternatives = alternatives.stream().map(List::copyOf).toList();
    }

    /** One scope. */
    public static ScopeRule of(String scope) {
        return new ScopeRule(List.of(List.of(scope)));
    }

    /** Any one of the given scopes. */
    public static ScopeRule anyOf(String... scopes) {
        return new ScopeRule(java.util.Arrays.stream(scopes).map(List::of).toList());
    }

    /** All of the given scopes together. */
    public static ScopeRule allOf(String... scopes) {
        return new ScopeRule(List.of(List.of(scopes)));
    }

    /** Nothing to grant: any token that authenticates may do it. */
    public static ScopeRule nothing() {
        return new ScopeRule(List.of(List.of()));
    }

    public boolean needsNothing() {
        return alternatives.stream().anyMatch(Collection::isEmpty);
    }

    /** True when every scope of at least one alternative is held. */
    public boolean satisfiedBy(Predicate<String> holds) {
        return alternatives.stream().anyMatch(alternative -> alternative.stream().allMatch(holds));
    }

    /**
     * True when GitHub App / fine-grained permissions ({@code name -> level}) cover the rule's {@code name:level}
     * entries; admin covers write covers read.
     */
    public boolean satisfiedByGitHubPermissions(java.util.Map<String, String> permissions) {
        return satisfiedBy(entry -> {
            int colon = entry.lastIndexOf(':');
            return colon > 0 && Vocabulary.githubLevelCovers(
                    permissions.get(entry.substring(0, colon)), entry.substring(colon + 1));
        });
    }

    /** The first alternative, the one to suggest to someone creating a token: "read_repository". */
    public String recommendation() {
        return needsNothing() ? wording() : String.join(" and ", alternatives.get(0));
    }

    /** "repo", "read_repository, write_repository or api", "read:repository:bitbucket and write:repository:bitbucket". */
    public String wording() {
        if (needsNothing()) {
            return "nothing beyond a working token";
        }
        List<String> phrases = alternatives.stream().map(all -> String.join(" and ", all)).toList();
        if (phrases.size() == 1) {
            return phrases.get(0);
        }
        return phrases.subList(0, phrases.size() - 1).stream().collect(Collectors.joining(", "))
                + " or " + phrases.get(phrases.size() - 1);
    }

    @Override
    public String toString() {
        return wording();
    }
}
