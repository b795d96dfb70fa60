package io.jenkins.plugins.githostcredentials.core.github;

import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import java.util.Objects;

/**
 * What a GitHub App registration started from Jenkins is for: the GitHub host it is registered on (the conversion
 * must go to that same host, never to one a callback names), the organization (null for a personal account), and
 * where the resulting credential is to be saved, as opaque identifiers of the plugin's choosing.
 *
 * @param store the credentials store, as the plugin identifies it
 * @param domain the credentials domain within the store, as the plugin identifies it (may be empty)
 */
public record ManifestTarget(HostEndpoint github, String organization, String store, String domain) {

    public ManifestTarget {
        Objects.requireNonNull(github, "github");
        Objects.requireNonNull(store, "store");
        organization = organization == null || organization.isBlank() ? null : organization.strip();
        domain = domain == null ? "" : domain;
        if (!github.kind().isGitHub()) {
            throw new IllegalArgumentException("GitHub Apps can only be registered on GitHub, not on "
                    + github.kind().displayName() + ".");
        }
    }

    /** "the organization 'acme' on github.com", "your account on github.example.com". */
    public String describe() {
        return (organization == null ? "your account" : "the organization '" + organization + "'") + " on "
                + github.hostName();
    }
}
