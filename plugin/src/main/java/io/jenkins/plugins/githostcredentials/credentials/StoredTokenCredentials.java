package io.jenkins.plugins.githostcredentials.credentials;

import com.cloudbees.plugins.credentials.ContextInPath;
import com.cloudbees.plugins.credentials.CredentialsScope;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Descriptor.FormException;
import hudson.model.ModelObject;
import hudson.util.FormValidation;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.host.GitLogin;
import io.jenkins.plugins.githostcredentials.core.host.HostCatalog;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import io.jenkins.plugins.githostcredentials.core.session.TokenSource;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A token the admin pasted, for one host. Subclasses only name the host, the token kind they accept and any extra
 * field; core decides the URLs, the token kind, the REST header and the git username.
 */
public abstract class StoredTokenCredentials extends AbstractGitHostCredentials {

    private static final long serialVersionUID = 1L;

    /** The server, repository or API URL as entered; null for the public SaaS host. */
    @CheckForNull
    private final String serverUrl;

    @NonNull
    private final Secret token;

    /** A git username other than the host's convention, or null. */
    @CheckForNull
    private String gitUsername;

    protected StoredTokenCredentials(
            @CheckForNull CredentialsScope scope,
            @CheckForNull String id,
            @CheckForNull String description,
            @CheckForNull String serverUrl,
            @CheckForNull Secret token) {
        super(scope, id, description);
        this.serverUrl = Util.fixEmptyAndTrim(serverUrl);
        this.token = token == null ? Secret.fromString("") : token;
    }

    /** The host kind the server URL is resolved for. */
    @NonNull
    protected abstract HostKind hostKind();

    /** The token kind the admin declared by choosing this credential type, or null to let core detect it. */
    @CheckForNull
    protected TokenKind declaredTokenKind() {
        return null;
    }

    /** The Atlassian account email, for the one host that authenticates REST calls with it. */
    @CheckForNull
    protected String email() {
        return null;
    }

    /**
     * Checks the configuration the way it will be used, so a bad URL or a token of the wrong host is refused on save
     * (form or configuration as code) rather than in a build. Subclasses call it last in their constructor.
     */
    protected final void checkConfiguration() throws FormException {
        HostEndpoint endpoint;
        try {
            endpoint = endpoint();
        } catch (IllegalArgumentException e) {
            throw new FormException(e.getMessage(), "serverUrl");
        }
        if (token.getPlainText().isBlank()) {
            throw new FormException(Messages.StoredTokenCredentials_tokenMissing(), "token");
        }
        try {
            tokenKind(endpoint);
        } catch (IllegalArgumentException e) {
            throw new FormException(e.getMessage(), "token");
        }
    }

    /**
     * Checks that core can build the REST authentication header from this configuration, for kinds whose header needs
     * more than the token.
     *
     * @param field the form field to blame when it cannot
     */
    protected final void checkRestAuthentication(String field) throws FormException {
        try {
            TokenSource.StoredToken source = (TokenSource.StoredToken) tokenSource();
            HostCatalog.restAuthentication(
                    source.endpoint().kind(), source.kind(), source.token(), source.username(), source.email());
        } catch (IllegalArgumentException e) {
            throw new FormException(e.getMessage(), field);
        }
    }

    @NonNull
    @Override
    public HostEndpoint endpoint() {
        return HostCatalog.resolve(hostKind(), serverUrl);
    }

    private TokenKind tokenKind(HostEndpoint endpoint) {
        return HostCatalog.requireTokenKind(endpoint.kind(), secretText(), declaredTokenKind());
    }

    private SecretText secretText() {
        return SecretText.of(token.getPlainText());
    }

    @NonNull
    @Override
    public TokenSource tokenSource() {
        HostEndpoint endpoint = endpoint();
        return new TokenSource.StoredToken(endpoint, tokenKind(endpoint), secretText(), gitUsername, email());
    }

    /**
     * The git username core prescribes for this host and token; the configured one where the host accepts any. Empty
     * for tokens that git can only send as a Bearer header (Bitbucket Data Center project and repository tokens):
     * those cannot be used as a username and password.
     */
    @NonNull
    @Override
    public String getUsername() {
        TokenSource.StoredToken source = (TokenSource.StoredToken) tokenSource();
        GitLogin login = HostCatalog.gitLogin(source.endpoint().kind(), source.kind(), source.token(), gitUsername);
        return login instanceof GitLogin.Basic basic ? basic.username() : Util.fixNull(gitUsername);
    }

    /** The token: git sends it as the password. */
    @NonNull
    @Override
    public Secret getPassword() {
        return token;
    }

    @NonNull
    public Secret getToken() {
        return token;
    }

    @CheckForNull
    public String getServerUrl() {
        return serverUrl;
    }

    @CheckForNull
    public String getGitUsername() {
        return gitUsername;
    }

    @DataBoundSetter
    public void setGitUsername(@CheckForNull String gitUsername) {
        this.gitUsername = Util.fixEmptyAndTrim(gitUsername);
    }

    /** Form checks shared by the stored-token kinds. */
    protected abstract static class StoredTokenDescriptor extends GitHostCredentialsDescriptor {

        /** The host whose token formats the token field is checked against. */
        @NonNull
        protected abstract HostKind checkedHostKind();

        /** The token kind this credential type declares, or null to detect it. */
        @CheckForNull
        protected TokenKind checkedTokenKind() {
            return null;
        }

        /** How the token field names an accepted kind; kinds sharing a prefix override it with one neutral name. */
        @NonNull
        protected String describe(@NonNull TokenKind kind) {
            return kind.displayName();
        }

        /** Resolves the server URL field for this credential type. */
        @NonNull
        protected HostEndpoint resolve(@CheckForNull String serverUrl) {
            return HostCatalog.resolve(checkedHostKind(), serverUrl);
        }

        /**
         * The form fields the Verify button sends. Each credential type reads the ones its form has; the others are
         * null.
         */
        protected record FormValues(
                @CheckForNull String serverUrl,
                @NonNull Secret token,
                @CheckForNull String email,
                @CheckForNull String tokenScope) {}

        /** This credential type built from unsaved form values, validated as on save. */
        @NonNull
        protected abstract StoredTokenCredentials fromForm(@NonNull FormValues form) throws FormException;

        /**
         * The Verify button: asks the host what the unsaved token can do (Overall/Manage, or Item/Configure in a
         * folder; nothing for anyone else).
         */
        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doVerify(
                @ContextInPath ModelObject context,
                @QueryParameter String serverUrl,
                @QueryParameter String token,
                @QueryParameter String email,
                @QueryParameter String tokenScope,
                @QueryParameter String gitUsername,
                @QueryParameter String verifyRepository,
                @QueryParameter String verifyRequirements) {
            FormValues form = new FormValues(serverUrl, Secret.fromString(token), email, tokenScope);
            return verify(context, () -> {
                StoredTokenCredentials credentials = fromForm(form);
                credentials.setGitUsername(gitUsername);
                return credentials;
            }, verifyRepository, verifyRequirements);
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckServerUrl(@ContextInPath ModelObject context, @QueryParameter String value) {
            return check(context, () -> {
                // A new form runs every check at once: a required URL not typed yet is for the save to ask for.
                if (Util.fixEmptyAndTrim(value) == null && checkedHostKind().requiresServerUrl()) {
                    return FormValidation.ok();
                }
                return FormValidation.ok(Messages.StoredTokenCredentials_apiBase(resolve(value).apiBaseUrl()));
            });
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckToken(@ContextInPath ModelObject context, @QueryParameter String value) {
            return check(context, () -> {
                String plain = Secret.fromString(value).getPlainText();
                if (plain.isBlank()) {
                    return FormValidation.ok();
                }
                TokenKind kind = HostCatalog.requireTokenKind(checkedHostKind(), SecretText.of(plain), checkedTokenKind());
                return FormValidation.ok(Messages.StoredTokenCredentials_tokenKind(describe(kind)));
            });
        }
    }
}
