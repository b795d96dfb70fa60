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
import java.util.Locale;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * A Bitbucket Data Center (Server) HTTP access token: personal, project or repository. Personal tokens work as a git
 * password together with the owner's username (the git username field); without it, and for project and repository
 * tokens, git must send the token as a Bearer header, which the pipeline step does and a username/password consumer
 * cannot.
 */
public final class BitbucketDataCenterTokenCredentials extends StoredTokenCredentials {

    private static final long serialVersionUID = 1L;

    @NonNull
    private final BitbucketDataCenterTokenScope tokenScope;

    /**
     * @param serverUrl the server URL including any context path, a clone URL or a browse URL
     * @param tokenScope personal, project or repository; null means personal
     */
    @DataBoundConstructor
    public BitbucketDataCenterTokenCredentials(
            @CheckForNull CredentialsScope scope,
            @CheckForNull String id,
            @CheckForNull String description,
            @CheckForNull String serverUrl,
            @CheckForNull BitbucketDataCenterTokenScope tokenScope,
            @CheckForNull Secret token)
            throws FormException {
        super(scope, id, description, serverUrl, token);
        this.tokenScope = tokenScope == null ? BitbucketDataCenterTokenScope.PERSONAL : tokenScope;
        checkConfiguration();
    }

    @NonNull
    public BitbucketDataCenterTokenScope getTokenScope() {
        return tokenScope;
    }

    @NonNull
    @Override
    protected HostKind hostKind() {
        return HostKind.BITBUCKET_DATA_CENTER;
    }

    @Override
    protected TokenKind declaredTokenKind() {
        return tokenScope.tokenKind();
    }

    @Extension
    @Symbol("bitbucketDataCenterToken")
    public static final class DescriptorImpl extends StoredTokenDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.BitbucketDataCenterTokenCredentials_displayName();
        }

        @NonNull
        @Override
        protected HostKind checkedHostKind() {
            return HostKind.BITBUCKET_DATA_CENTER;
        }

        /** Personal, project and repository tokens share the BBDC- prefix: the format cannot tell them apart. */
        @NonNull
        @Override
        protected String describe(@NonNull TokenKind kind) {
            return Messages.BitbucketDataCenterTokenCredentials_displayName();
        }

        @NonNull
        @Override
        protected StoredTokenCredentials fromForm(@NonNull FormValues form) throws FormException {
            String scopeName = Util.fixEmptyAndTrim(form.tokenScope());
            BitbucketDataCenterTokenScope scope = scopeName == null
                    ? null
                    : BitbucketDataCenterTokenScope.valueOf(scopeName.toUpperCase(Locale.ROOT));
            return new BitbucketDataCenterTokenCredentials(
                    CredentialsScope.GLOBAL, null, null, form.serverUrl(), scope, form.token());
        }
    }
}
