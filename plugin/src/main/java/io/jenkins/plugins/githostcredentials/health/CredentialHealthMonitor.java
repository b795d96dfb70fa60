package io.jenkins.plugins.githostcredentials.health;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.AdministrativeMonitor;
import java.util.List;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins lists the credentials of this plugin that need attention, most urgent first (a rotated token not
 * yet stored, expired, rejected, expiring soon, ..., a host unreachable for a day), each with a link to the
 * credential and what to do. Administrators only; each line can be dismissed until the credential's state changes.
 */
@Extension
public final class CredentialHealthMonitor extends AdministrativeMonitor {

    public CredentialHealthMonitor() {
        super("gitHostCredentialHealth");
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return Messages.CredentialHealthMonitor_displayName();
    }

    @Override
    public boolean isActivated() {
        return !getLines().isEmpty();
    }

    /** For message.jelly. */
    @NonNull
    public List<AttentionLine> getLines() {
        return HealthRecords.get().attentionLines();
    }

    /** Hides one credential's line until its state changes. */
    @POST
    public HttpResponse doDismiss(@CheckForNull @QueryParameter String key) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        if (key != null) {
            HealthRecords.get().dismiss(key);
        }
        return HttpResponses.redirectViaContextPath("/manage");
    }
}
