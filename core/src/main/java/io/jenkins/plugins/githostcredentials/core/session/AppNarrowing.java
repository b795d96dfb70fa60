package io.jenkins.plugins.githostcredentials.core.session;

import io.jenkins.plugins.githostcredentials.core.github.InstallationLocator;
import io.jenkins.plugins.githostcredentials.core.github.Narrowing;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns what a pipeline asks for ({@code repositories: ['acme/api']}, {@code permissions: [contents: 'read']}) and
 * what a GitHub App credential says (installation ID, owner, defaults) into the installation to mint for and the
 * narrowing to ask GitHub for.
 *
 * @param owner the account the repositories belong to, when known
 */
record AppNarrowing(InstallationLocator installation, Narrowing narrowing, String owner) {

    /**
     * @param installationId the credential's fixed installation, or null
     * @param credentialOwner the credential's owner, or null
     * @param repositories what the block asked for, or the credential's defaults when it asked for none
     * @param permissions likewise
     * @throws IllegalArgumentException naming what to change
     */
    static AppNarrowing resolve(Long installationId, String credentialOwner, List<String> repositories,
            Map<String, String> permissions) {
        String owner = blankToNull(credentialOwner);
        boolean ownerFromCredential = owner != null;
        Set<String> names = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (String entry : repositories) {
            String[] parts = ownerAndName(entry);
            if (parts == null) {
                problems.add("'" + entry + "' is not a repository: write owner/name (e.g. acme/api) or the name alone");
                continue;
            }
            if (parts[0] != null) {
                if (owner == null) {
                    owner = parts[0];
                } else if (!owner.equalsIgnoreCase(parts[0])) {
                    problems.add("'" + entry + "' belongs to '" + parts[0] + "', but "
                            + (ownerFromCredential
                                    ? "the credential's app installation is on '" + owner + "'"
                                    : "another repository asked for belongs to '" + owner + "'")
                            + "; one token reaches the repositories of one installation, so use one block per owner");
                    continue;
                }
            }
            names.add(parts[1]);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Cannot narrow the GitHub App token: " + String.join("; ", problems) + ".");
        }
        InstallationLocator installation;
        if (installationId != null) {
            installation = InstallationLocator.byId(installationId);
        } else if (ownerFromCredential) {
            installation = InstallationLocator.byOwner(owner);
        } else if (owner != null && !names.isEmpty()) {
            installation = InstallationLocator.byRepository(owner, names.iterator().next());
        } else {
            throw new IllegalArgumentException("The GitHub App credential names no installation: set the credential's "
                    + "owner (organization or user) or installation ID, or ask for repositories as owner/name, "
                    + "e.g. repositories: ['acme/api'].");
        }
        return new AppNarrowing(installation, new Narrowing(names, permissions), owner);
    }

    /** Repository names without owner (as GitHub narrows and grants them) as {@code owner/name} where it is known. */
    List<String> withOwner(Collection<String> names) {
        return names.stream().map(name -> owner == null ? name : owner + "/" + name).toList();
    }

    /** {owner or null, name} for "owner/name", "name", or a repository URL; null when it is none of these. */
    private static String[] ownerAndName(String entry) {
        String value = entry.strip();
        if (value.contains("://")) {
            try {
                value = new URI(value).getPath();
            } catch (URISyntaxException e) {
                return null;
            }
            value = value == null ? "" : value.replaceAll("^/+|/+$", "");
        }
        if (value.toLowerCase(Locale.ROOT).endsWith(".git")) {
            value = value.substring(0, value.length() - 4);
        }
        String[] parts = value.split("/", -1);
        if (parts.length == 1 && !parts[0].isEmpty()) {
            return new String[] {null, parts[0]};
        }
        if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            return new String[] {parts[0], parts[1]};
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
