package io.jenkins.plugins.githostcredentials.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Descriptor.FormException;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * A GitLab personal, project or group access token for gitlab.com or a self-managed GitLab. GitLab accepts the three
 * kinds the same way for the REST API and for git, so the form does not ask which one it is.
 */
public final class GitLabTokenCredentials extends StoredTokenCredentials {

    private static final long serialVersionUID = 1L;

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

        @NonNull
        @Override
        protected StoredTokenCredentials fromForm(@NonNull FormValues form) throws FormException {
            return new GitLabTokenCredentials(CredentialsScope.GLOBAL, null, null, form.serverUrl(), form.token());
        }
    }
}
