package io.jenkins.plugins.githostcredentials.core.rotation;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What to rotate.
 *
 * @param credentialKey the plugin's stable id of the credential; a rotated token waiting to be stored is held under
 *                      it, and no new rotation of that credential starts until it is stored
 * @param endpoint      the GitLab server
 * @param token         the current token (it is revoked by a successful rotation)
 * @param owner         for a project or group access token, the project's or group's path ("group/project",
 *                      "group"), which GitLab's self-rotation of those tokens needs; null for a personal token
 * @param ownerIsGroup  whether {@code owner} is a group (else a project)
 * @param expiresOn     the new token's expiry day, or null for the old token's lifetime again (at most 365 days)
 */
public record RotationRequest(
        String credentialKey,
        HostEndpoint endpoint,
        SecretText token,
        String owner,
        boolean ownerIsGroup,
        LocalDate expiresOn) {

    public RotationRequest {
        if (credentialKey == null || credentialKey.isBlank()) {
            throw new IllegalArgumentException("credentialKey must name the credential (its id)");
        }
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(token, "token");
        if (endpoint.kind() != HostKind.GITLAB) {
            throw new IllegalArgumentException(RotationSupport.of(endpoint.kind(), null).explanation());
        }
        owner = owner == null || owner.isBlank() ? null : owner.strip();
    }

    /** A personal access token, rotated for its usual lifetime. */
    public static RotationRequest personal(String credentialKey, HostEndpoint endpoint, SecretText token) {
        return new RotationRequest(credentialKey, endpoint, token, null, false, null);
    }

    @Override
    public String toString() {
        return "RotationRequest[" + credentialKey + " at " + endpoint.serverUrl() + ", token=****"
                + (owner == null ? "" : ", " + (ownerIsGroup ? "group " : "project ") + owner)
                + (expiresOn == null ? "" : ", expiresOn=" + expiresOn) + "]";
    }
}
