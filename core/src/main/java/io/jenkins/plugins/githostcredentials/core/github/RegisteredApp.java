package io.jenkins.plugins.githostcredentials.core.github;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A GitHub App that GitHub just created from a manifest, with the credentials it hands out once: the private key,
 * the client secret and the webhook secret. Save them at once; GitHub shows the key never again (a new key can be
 * generated in the app's settings). {@link #toString()} shows no secret.
 *
 * @param github the host the app lives on (its API base is where its tokens are minted)
 * @param id the App ID
 * @param clientId the Client ID, the recommended JWT issuer (GHES 3.13 and older accept only the App ID)
 * @param ownerType "Organization" or "User"
 * @param htmlUrl the app's public page, e.g. https://github.com/apps/octoapp (installations start there)
 * @param key the private key, already read and checked; {@link GitHubAppKey#fingerprint()} is what GitHub shows
 * @param pem the private key as GitHub sent it, to store in the credential
 * @param webhookSecret absent when GitHub sent none (an app without webhook)
 */
public record RegisteredApp(
        HostEndpoint github,
        long id,
        String slug,
        String name,
        String clientId,
        String ownerLogin,
        String ownerType,
        String htmlUrl,
        Map<String, String> permissions,
        List<String> events,
        GitHubAppKey key,
        SecretText pem,
        SecretText clientSecret,
        Optional<SecretText> webhookSecret) {

    public RegisteredApp {
        Objects.requireNonNull(github, "github");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(pem, "pem");
        Objects.requireNonNull(clientSecret, "clientSecret");
        permissions = Map.copyOf(permissions);
        events = List.copyOf(events);
        webhookSecret = webhookSecret == null ? Optional.empty() : webhookSecret;
    }

    /**
     * The JWT issuer to configure: the Client ID (GitHub's recommendation) on github.com and GitHub Enterprise Cloud,
     * the App ID on GitHub Enterprise Server, because releases 3.13 and older accept only the App ID.
     */
    public String issuer() {
        boolean server = github.kind() == HostKind.GITHUB_ENTERPRISE && !github.hostName().endsWith(".ghe.com");
        return server || clientId == null || clientId.isBlank() ? Long.toString(id) : clientId;
    }

    /** The key's fingerprint as GitHub lists it under the app's "Private keys". */
    public String keyFingerprint() {
        return key.fingerprint();
    }

    /** A client for this app, ready to mint installation tokens. */
    public GitHubApp toGitHubApp() {
        return new GitHubApp(issuer(), key, github);
    }

    /** The page where the app is installed on accounts and repositories. */
    public String installationUrl() {
        return htmlUrl + "/installations/new";
    }

    @Override
    public String toString() {
        return "RegisteredApp[" + slug + " (ID " + id + ", client ID " + clientId + ") owned by " + ownerType + " "
                + ownerLogin + " on " + github.hostName() + ", key " + key.fingerprint() + ", permissions " + permissions
                + ", events " + events + ", webhook secret " + (webhookSecret.isPresent() ? "set" : "none") + "]";
    }
}
