package io.jenkins.plugins.githostcredentials.core.inspect;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.capability.Requirements;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import java.util.Objects;

/**
 * What to inspect. Build one with {@link #builder(HostEndpoint, SecretText)}.
 *
 * @param tokenKind         the declared kind, or {@code null} to detect it from the token's format
 * @param username          the account name, where the host needs one (Bitbucket Cloud app passwords), or null
 * @param email             the Atlassian account email (Bitbucket Cloud API tokens), or null
 * @param repository        "owner/repo"; GitLab "group/sub/project"; Bitbucket Data Center "PROJ/repo"; Azure
 *                          DevOps "project/repo"; or null to report only what can be known without one
 * @param installationGrant the grant of a GitHub App installation token, or null
 */
public record InspectionRequest(
        HostEndpoint endpoint,
        TokenKind tokenKind,
        SecretText token,
        String username,
        String email,
        String repository,
        Requirements required,
        InstallationGrant installationGrant) {

    public InspectionRequest {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(token, "token");
        required = required == null ? Requirements.none() : required;
        username = blankToNull(username);
        email = blankToNull(email);
        repository = blankToNull(repository);
    }

    public static Builder builder(HostEndpoint endpoint, SecretText token) {
        return new Builder(endpoint, token);
    }

    @Override
    public String toString() {
        return "InspectionRequest[" + endpoint.kind() + " " + endpoint.serverUrl()
                + ", tokenKind=" + tokenKind + ", token=****"
                + (repository == null ? "" : ", repository=" + repository)
                + ", required=" + required.words() + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Keeps call sites readable: {@code InspectionRequest.builder(endpoint, token).repository("o/r").build()}. */
    public static final class Builder {
        private final HostEndpoint endpoint;
        private final SecretText token;
        private TokenKind tokenKind;
        private String username;
        private String email;
        private String repository;
        private Requirements required = Requirements.none();
        private InstallationGrant installationGrant;

        private Builder(HostEndpoint endpoint, SecretText token) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            this.token = Objects.requireNonNull(token, "token");
        }

        public Builder tokenKind(TokenKind kind) {
            this.tokenKind = kind;
            return this;
        }

        public Builder username(String name) {
            this.username = name;
            return this;
        }

        public Builder email(String address) {
            this.email = address;
            return this;
        }

        public Builder repository(String path) {
            this.repository = path;
            return this;
        }

        public Builder required(Requirements requirements) {
            this.required = requirements;
            return this;
        }

        public Builder installationGrant(InstallationGrant grant) {
            this.installationGrant = grant;
            return this;
        }

        public InspectionRequest build() {
            return new InspectionRequest(
                    endpoint, tokenKind, token, username, email, repository, required, installationGrant);
        }
    }
}
