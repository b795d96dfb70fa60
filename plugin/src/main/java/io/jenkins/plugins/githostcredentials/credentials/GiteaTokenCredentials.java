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
 * A Gitea or Forgejo access token for one server.
 */
public final class GiteaTokenCredentials extends StoredTokenCredentials {

    private static final long serialVersionUID = 1L;

    /**
     * @param serverUrl the server URL including any sub-path, its API URL or a clone URL
     */
    @DataBoundConstructor
    public GiteaTokenCredentials(
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
        return HostKind.GITEA;
    }

    @Extension
    @Symbol("giteaToken")
    public static final class DescriptorImpl extends StoredTokenDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.GiteaTokenCredentials_displayName();
        }

        @NonNull
        @Override
        protected HostKind checkedHostKind() {
            return HostKind.GITEA;
        }

        @NonNull
        @Override
        protected StoredTokenCredentials fromForm(@NonNull FormValues form) throws FormException {
            return new GiteaTokenCredentials(CredentialsScope.GLOBAL, null, null, form.serverUrl(), form.token());
        }
    }
}
