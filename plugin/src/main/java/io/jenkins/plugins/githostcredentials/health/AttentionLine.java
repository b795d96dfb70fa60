package io.jenkins.plugins.githostcredentials.health;

import edu.umd.cs.findbugs.annotations.NonNull;
import io.jenkins.plugins.githostcredentials.core.health.HealthStatus;

/** One line of the monitor: which credential, where it is, what is wrong and what to do. No secret. */
public final class AttentionLine {

    private final String key;
    private final String credentialName;
    private final String contextName;
    private final String updateUrl;
    private final HealthStatus status;

    AttentionLine(String key, String credentialName, String contextName, String updateUrl, HealthStatus status) {
        this.key = key;
        this.credentialName = credentialName == null ? "" : credentialName;
        this.contextName = contextName == null ? "" : contextName;
        this.updateUrl = updateUrl;
        this.status = status;
    }

    /** What the dismiss button sends back. */
    @NonNull
    public String getKey() {
        return key;
    }

    @NonNull
    public String getCredentialName() {
        return credentialName;
    }

    /** The folder holding the credential, or empty for Jenkins' own store. */
    @NonNull
    public String getFolder() {
        return contextName;
    }

    /** The credential's update page relative to Jenkins' root URL, or null when the store has no such page. */
    public String getUpdateUrl() {
        return updateUrl;
    }

    /** "expired", "rejected", "expires soon", ... */
    @NonNull
    public String getSeverity() {
        return status.severity().label();
    }

    /** What is wrong and what to do, in the host's words. */
    @NonNull
    public String getText() {
        return status.monitorLine();
    }

    HealthStatus status() {
        return status;
    }
}
