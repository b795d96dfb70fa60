package io.jenkins.plugins.githostcredentials.core.host;

import java.net.URI;
import java.util.Objects;

/**
 * Where one git host lives: its web/git server URL and its REST API base. Built by {@link HostCatalog#resolve},
 * never by hand, so the per-host URL rules live in one place.
 *
 * @param serverUrl the web and git server (for Azure DevOps the organisation or collection URL), no trailing slash
 * @param apiBaseUrl the REST API base, no trailing slash
 */
public record HostEndpoint(HostKind kind, String serverUrl, String apiBaseUrl) {

    public HostEndpoint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
    }

    /** The API base with {@code path} ("/user", "user") appended. */
    public String apiUrl(String path) {
        return apiBaseUrl + (path.startsWith("/") ? path : "/" + path);
    }

    /** {@code scheme://host[:port]} of the git server: what git matches credentials against. */
    public String gitOrigin() {
        URI uri = URI.create(serverUrl);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** The host name alone, for messages and reports. */
    public String hostName() {
        return URI.create(serverUrl).getHost();
    }
}
