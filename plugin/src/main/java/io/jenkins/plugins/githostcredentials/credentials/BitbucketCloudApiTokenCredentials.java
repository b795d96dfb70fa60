package io.jenkins.plugins.githostcredentials.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Descriptor.FormException;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * An Atlassian API token with Bitbucket scopes ({@code ATATT}). The REST API takes it with the Atlassian account
 * email; git takes it with the Bitbucket username (the git username field), or {@code x-bitbucket-api-token-auth}.
 */
public final class BitbucketCloudApiTokenCredentials extends StoredTokenCredentials {

    private static final long serialVersionUID = 1L;

    @NonNull
    private final String email;

    /**
     * @param email the email of the Atlassian account that created the token
     */
    @DataBoundConstructor
    public BitbucketCloudApiTokenCredentials(
            @CheckForNull CredentialsScope scope,
            @CheckForNull String id,
            @CheckForNull String description,
            @CheckForNull String email,
            @CheckForNull Secret token)
            throws FormException {
        super(scope, id, description, null, token);
        this.email = Util.fixNull(Util.fixEmptyAndTrim(email));
        checkConfiguration();
        checkRestAuthentication("email");
    }

    @NonNull
    public String getEmail() {
        return email;
    }

    @Override
    protected String email() {
        return email;
    }

    @NonNull
    @Override
    protected HostKind hostKind() {
        return HostKind.BITBUCKET_CLOUD;
    }

    @Override
    protected TokenKind declaredTokenKind() {
        return TokenKind.BITBUCKET_API_TOKEN;
    }

    @Extension
    @Symbol("bitbucketCloudApiToken")
    public static final class DescriptorImpl extends StoredTokenDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.BitbucketCloudApiTokenCredentials_displayName();
        }

        @NonNull
        @Override
        protected HostKind checkedHostKind() {
            return HostKind.BITBUCKET_CLOUD;
        }

        @Override
        protected TokenKind checkedTokenKind() {
            return TokenKind.BITBUCKET_API_TOKEN;
        }

        @NonNull
        @Override
        protected StoredTokenCredentials fromForm(@NonNull FormValues form) throws FormException {
            return new BitbucketCloudApiTokenCredentials(CredentialsScope.GLOBAL, null, null, form.email(), form.token());
        }
    }
}
