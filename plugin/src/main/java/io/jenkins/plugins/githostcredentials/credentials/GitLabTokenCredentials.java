package io.jenkins.plugins.githostcredentials.credentials;

import com.cloudbees.plugins.credentials.ContextInPath;
import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Descriptor.FormException;
import hudson.model.ModelObject;
import hudson.util.FormValidation;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import io.jenkins.plugins.githostcredentials.core.rotation.RotationPolicy;
import io.jenkins.plugins.githostcredentials.core.rotation.RotationSupport;
import org.jenkinsci.Symbol;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A GitLab personal, project or group access token for gitlab.com or a self-managed GitLab. GitLab accepts the three
 * kinds the same way for the REST API and for git, so the form does not ask which one it is.
 */
public final class GitLabTokenCredentials extends StoredTokenCredentials {

    private static final long serialVersionUID = 1L;

    /** Rotate the token this many days before it expires; 0 (the default) never rotates. */
    private int rotateDaysBeforeExpiry;

    /**
     * @param serverUrl blank for gitlab.com, else the server URL including any relative root, or its API URL
     */
    @DataBoundConstructor
    public GitLabTokenCredentials(
            @CheckForNull CredentialsScope scope,
            @CheckForNull String id,
            @CheckForNull String description,
            @CheckForNull String serverUrl,
            @CheckForNull Secret token)
            throws FormException {
        super(scope, id, description, serverUrl, token);
        checkConfiguration();
    }

    @NonNull
    @Override
    protected HostKind hostKind() {
        return HostKind.GITLAB;
    }

    public int getRotateDaysBeforeExpiry() {
        return rotateDaysBeforeExpiry;
    }

    /**
     * Off by default: a rotation revokes the old token, and anything else still using it (another Jenkins, a script)
     * stops working.
     *
     * @throws IllegalArgumentException outside 0 to 365, with core's message
     */
    @DataBoundSetter
    public void setRotateDaysBeforeExpiry(int rotateDaysBeforeExpiry) {
        this.rotateDaysBeforeExpiry = new RotationPolicy(rotateDaysBeforeExpiry).daysBeforeExpiry();
    }

    @NonNull
    public RotationPolicy rotationPolicy() {
        return new RotationPolicy(rotateDaysBeforeExpiry);
    }

    /**
     * The same credential (ID, scope, description, server URL, git username, rotation option) with a new token: what
     * a rotation stores in place of this one.
     *
     * @throws FormException when the new token does not pass the checks a saved one must (never quoting it)
     */
    @NonNull
    @Restricted(NoExternalUse.class)
    public GitLabTokenCredentials withToken(@NonNull Secret token) throws FormException {
        GitLabTokenCredentials replacement =
                new GitLabTokenCredentials(getScope(), getId(), getDescription(), getServerUrl(), token);
        replacement.setGitUsername(getGitUsername());
        replacement.rotateDaysBeforeExpiry = rotateDaysBeforeExpiry;
        return replacement;
    }

    @Extension
    @Symbol("gitLabToken")
    public static final class DescriptorImpl extends StoredTokenDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.GitLabTokenCredentials_displayName();
        }

        @NonNull
        @Override
        protected HostKind checkedHostKind() {
            return HostKind.GITLAB;
        }

        /** Says at once when the number does not fit; 0 is off. */
        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckRotateDaysBeforeExpiry(
                @ContextInPath ModelObject context, @QueryParameter String value) {
            return check(context, () -> {
                String days = Util.fixEmptyAndTrim(value);
                if (days == null) {
                    return FormValidation.ok();
                }
                RotationPolicy policy;
                try {
                    policy = new RotationPolicy(Integer.parseInt(days));
                } catch (NumberFormatException e) {
                    return FormValidation.error(Messages.GitLabTokenCredentials_rotateDaysNotANumber(days));
                }
                return policy.enabled()
                        ? FormValidation.ok()
                        : FormValidation.ok(Messages.GitLabTokenCredentials_rotationOff());
            });
        }

        /** Shown under the rotation field: what GitLab needs to rotate a token by itself. */
        @NonNull
        public String getRotationSupport() {
            return RotationSupport.of(HostKind.GITLAB, TokenKind.GITLAB_ACCESS_TOKEN).explanation();
        }

        @NonNull
        @Override
        protected StoredTokenCredentials fromForm(@NonNull FormValues form) throws FormException {
            return new GitLabTokenCredentials(CredentialsScope.GLOBAL, null, null, form.serverUrl(), form.token());
        }
    }
}
