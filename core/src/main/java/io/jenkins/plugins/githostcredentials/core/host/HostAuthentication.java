package io.jenkins.plugins.githostcredentials.core.host;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The one HTTP header that authenticates a REST call to a host. The value is a secret and never appears in
 * {@link #toString()}.
 */
public final class HostAuthentication {

    private final String headerName;
    private final SecretText headerValue;
    private final String scheme;

    private HostAuthentication(String headerName, SecretText headerValue, String scheme) {
        this.headerName = headerName;
        this.headerValue = headerValue;
        this.scheme = scheme;
    }

    public static HostAuthentication bearer(SecretText token) {
        return new HostAuthentication("Authorization", SecretText.of("Bearer " + token.reveal()), "Bearer");
    }

    /** Gitea/Forgejo's own scheme. */
    public static HostAuthentication tokenScheme(SecretText token) {
        return new HostAuthentication("Authorization", SecretText.of("token " + token.reveal()), "token");
    }

    /** GitLab's header for personal, project and group access tokens. */
    public static HostAuthentication privateToken(SecretText token) {
        return new HostAuthentication("PRIVATE-TOKEN", token, "PRIVATE-TOKEN");
    }

    /** HTTP Basic; {@code username} may be empty (Azure DevOps ignores it). */
    public static HostAuthentication basic(String username, SecretText password) {
        Objects.requireNonNull(username, "username");
        String pair = username + ":" + password.reveal();
        return new HostAuthentication(
                "Authorization",
                SecretText.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))),
                "Basic");
    }

    public String headerName() {
        return headerName;
    }

    /** The header value, including the secret. Only an HTTP client may call this. */
    public SecretText headerValue() {
        return headerValue;
    }

    /** The scheme in words ("Bearer", "Basic", "PRIVATE-TOKEN", "token"), safe to show. */
    public String scheme() {
        return scheme;
    }

    @Override
    public String toString() {
        return "HostAuthentication[" + scheme + "]";
    }
}
