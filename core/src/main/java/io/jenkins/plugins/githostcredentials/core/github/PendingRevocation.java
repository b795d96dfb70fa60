package io.jenkins.plugins.githostcredentials.core.github;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import java.time.Instant;
import java.util.Objects;

/**
 * What it takes to revoke one installation token: GitHub revokes a token only when called with the token itself
 * ({@code DELETE /installation/token}), so the token is part of it. {@link #toString()} never shows the token; a
 * {@link RevocationJournal} that stores this must encrypt the token (in Jenkins: {@code Secret}).
 *
 * @param apiBaseUrl the REST API base of the GitHub the token is for, no trailing slash
 * @param expiresAt when GitHub says the token expires (GitHub's clock); after that, nothing needs revoking
 */
public record PendingRevocation(String apiBaseUrl, long installationId, SecretText token, Instant expiresAt) {

    public PendingRevocation {
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    static PendingRevocation of(GitHubApp app, InstallationToken token) {
        return new PendingRevocation(app.api().apiBaseUrl(), token.installationId(), token.token(), token.expiresAt());
    }

    @Override
    public String toString() {
        return "PendingRevocation[installation " + installationId + " at " + apiBaseUrl + ", token=****, expiresAt="
                + expiresAt + "]";
    }
}
