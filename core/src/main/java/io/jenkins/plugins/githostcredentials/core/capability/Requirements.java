package io.jenkins.plugins.githostcredentials.core.capability;

import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a job needs from its token, as parsed from the words a user writes ({@code require: ['checkout',
 * 'commit-status']}). Three kinds of word are accepted:
 * <ul>
 *   <li>a capability id: {@code checkout}, {@code push}, {@code commit-status}, {@code pull-request-comment},
 *       {@code checks}, {@code read-user};</li>
 *   <li>a profile: {@code atlantis} (what Atlantis documents per host, see {@link Profile#ATLANTIS});</li>
 *   <li>a raw host permission {@code DIALECT:NAME}: {@code github:pull_requests=write} (also
 *       {@code github:pull_requests:write}), {@code github:repo}, {@code gitlab:api},
 *       {@code bitbucket:pullrequest:write}, {@code bitbucket:write:pullrequest:bitbucket},
 *       {@code bitbucket-dc:REPO_WRITE}, {@code azure:vso.code_write}, {@code gitea:write:repository}
 *       (see {@link RawPermission} for the full syntax).</li>
 * </ul>
 * Words are case-insensitive (except nothing: Bitbucket Data Center names are upper-cased for you); one entry may
 * hold several words separated by commas or spaces. A raw permission of another host than the credential's is
 * reported as unsupported by the inspection, not silently ignored.
 */
public final class Requirements {

    private static final Requirements NONE = new Requirements(EnumSet.noneOf(Capability.class), List.of(), List.of());

    private final Set<Capability> capabilities;
    private final List<RawPermission> rawPermissions;
    private final List<Profile> profiles;

    private Requirements(Set<Capability> capabilities, List<RawPermission> rawPermissions, List<Profile> profiles) {
        this.capabilities = capabilities.isEmpty()
                ? Set.of()
                : java.util.Collections.unmodifiableSet(EnumSet.copyOf(capabilities));
        this.rawPermissions = List.copyOf(rawPermissions);
        this.profiles = List.copyOf(profiles);
    }

    public static Requirements none() {
        return NONE;
    }

    public static Requirements of(Capability... capabilities) {
        return new Requirements(
                capabilities.length == 0 ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(Arrays.asList(capabilities)),
                List.of(), List.of());
    }

    /**
     * Parses requirement words; null and blank entries are skipped.
     *
     * @throws IllegalArgumentException for a word that is none of the above, listing the valid words
     */
    public static Requirements parse(Collection<String> words) {
        Objects.requireNonNull(words, "words");
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        Set<RawPermission> raw = new LinkedHashSet<>();
        Set<Profile> profiles = new LinkedHashSet<>();
        for (String entry : words) {
            if (entry == null) {
                continue;
            }
            for (String word : entry.strip().split("[,\\s]+")) {
                if (word.isEmpty()) {
                    continue;
                }
                var capability = Capability.fromId(word);
                var profile = Profile.fromId(word);
                if (capability.isPresent()) {
                    capabilities.add(capability.get());
                } else if (profile.isPresent()) {
                    profiles.add(profile.get());
                } else if (word.indexOf(':') > 0) {
                    raw.add(RawPermission.parse(word));
                } else {
                    throw new IllegalArgumentException("Unknown requirement '" + word + "'. " + validWords());
                }
            }
        }
        return new Requirements(capabilities, new ArrayList<>(raw), new ArrayList<>(profiles));
    }

    /** One sentence listing every accepted word, for error messages and form help. */
    public static String validWords() {
        return "Valid words: " + String.join(", ", Capability.ids()) + ", "
                + String.join(", ", Arrays.stream(Profile.values()).map(Profile::id).toList())
                + ", or a raw host permission: github:NAME=LEVEL (e.g. github:pull_requests=write), "
                + "github:SCOPE (classic, e.g. github:repo), gitlab:SCOPE (e.g. gitlab:api), "
                + "bitbucket:SCOPE (e.g. bitbucket:pullrequest:write or bitbucket:write:pullrequest:bitbucket), "
                + "bitbucket-dc:PERMISSION (e.g. bitbucket-dc:REPO_WRITE), azure:SCOPE (e.g. azure:vso.code_write), "
                + "gitea:SCOPE (e.g. gitea:write:repository).";
    }

    public boolean isEmpty() {
        return capabilities.isEmpty() && rawPermissions.isEmpty() && profiles.isEmpty();
    }

    public Set<Capability> capabilities() {
        return capabilities;
    }

    public List<RawPermission> rawPermissions() {
        return rawPermissions;
    }

    public List<Profile> profiles() {
        return profiles;
    }

    /**
     * Every need for the given host and token kind: capabilities first, then raw permissions, then what the
     * profiles ask for on that host; without duplicates.
     */
    public List<Need> needsFor(HostKind host, TokenKind kind) {
        Set<Need> needs = new LinkedHashSet<>(capabilities);
        needs.addAll(rawPermissions);
        for (Profile profile : profiles) {
            needs.addAll(profile.needs(host, kind));
        }
        return List.copyOf(needs);
    }

    /** The canonical words, parseable again by {@link #parse}. */
    public List<String> words() {
        List<String> words = new ArrayList<>();
        capabilities.forEach(c -> words.add(c.id()));
        profiles.forEach(p -> words.add(p.id()));
        rawPermissions.forEach(r -> words.add(r.id()));
        return List.copyOf(words);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Requirements other
                && capabilities.equals(other.capabilities)
                && new LinkedHashSet<>(rawPermissions).equals(new LinkedHashSet<>(other.rawPermissions))
                && new LinkedHashSet<>(profiles).equals(new LinkedHashSet<>(other.profiles));
    }

    @Override
    public int hashCode() {
        return Objects.hash(capabilities, new LinkedHashSet<>(rawPermissions), new LinkedHashSet<>(profiles));
    }

    @Override
    public String toString() {
        return isEmpty() ? "Requirements[none]" : "Requirements" + words();
    }
}
