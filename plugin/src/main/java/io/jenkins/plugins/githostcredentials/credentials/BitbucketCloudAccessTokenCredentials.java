package io.jenkins.plugins.githostcredentials.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Descriptor.FormException;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * A Bitbucket Cloud repository, project or workspace access token ({@code ATCTT}): sent as {@code Authorization:
 * Bearer} to the API, and with the fixed git username {@code x-token-auth}.
 */
public final class BitbucketCloudAccessTokenCredentials extends StoredTokenCredentials {

    private static final long serialVersionUID = 1L;

    @DataBoundConstructor
    public BitbucketCloudAccessTokenCredentials(
            @CheckForNull CredentialsScope scope,
            @CheckForNull String id,
            @CheckForNull String description,
            @CheckForNull Secret token)
            throws FormException {
        super(scope, id, description, null, token);
        checkConfiguration();
    }

    @NonNull
    @Override
    protected HostKind hostKind() {
        return HostKind.BITBUCKET_CLOUD;
    }

    @Override
    protected TokenKind declaredTokenKind() {
        return TokenKind.BITBUCKET_ACCESS_TOKEN;
    }

    @Extension
    @Symbol("bitbucketCloudAccessToken")
    public static final class DescriptorImpl extends StoredTokenDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.BitbucketCloudAccessTokenCredentials_displayName();
        }

        @NonNull
        @Override
        protected HostKind checkedHostKind() {
            return HostKind.BITBUCKET_CLOUD;
        }

        @Override
        protected TokenKind checkedTokenKind() {
            return TokenKind.BITBUCKET_ACCESS_TOKEN;
        }

        @NonNull
        @Override
        protected StoredTokenCredentials fromForm(@NonNull FormValues form) throws FormException {
            return new BitbucketCloudAccessTokenCredentials(CredentialsScope.GLOBAL, null, null, form.token());
        }
    }
}
