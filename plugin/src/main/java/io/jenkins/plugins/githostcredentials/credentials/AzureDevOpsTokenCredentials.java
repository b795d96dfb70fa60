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
 * An Azure DevOps personal access token for an Azure DevOps Services organisation or an Azure DevOps Server collection.
 */
public final class AzureDevOpsTokenCredentials extends StoredTokenCredentials {

    private static final long serialVersionUID = 1L;

    /**
     * @param serverUrl the organisation URL (https://dev.azure.com/ORG), a Server collection URL or a repository URL
     */
    @DataBoundConstructor
    public AzureDevOpsTokenCredentials(
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
        return HostKind.AZURE_DEVOPS;
    }

    @Extension
    @Symbol("azureDevOpsToken")
    public static final class DescriptorImpl extends StoredTokenDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.AzureDevOpsTokenCredentials_displayName();
        }

        @NonNull
        @Override
        protected HostKind checkedHostKind() {
            return HostKind.AZURE_DEVOPS;
        }

        @NonNull
        @Override
        protected StoredTokenCredentials fromForm(@NonNull FormValues form) throws FormException {
            return new AzureDevOpsTokenCredentials(CredentialsScope.GLOBAL, null, null, form.serverUrl(), form.token());
        }
    }
}
