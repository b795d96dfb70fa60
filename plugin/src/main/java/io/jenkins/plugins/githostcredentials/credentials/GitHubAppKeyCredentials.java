package io.jenkins.plugins.githostcredentials.credentials;

import com.cloudbees.plugins.credentials.ContextInPath;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Descriptor.FormException;
import hudson.model.Items;
import hudson.model.ModelObject;
import hudson.remoting.Channel;
import hudson.util.FormValidation;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.GitHostService;
import io.jenkins.plugins.githostcredentials.core.github.GitHubApp;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppKey;
import io.jenkins.plugins.githostcredentials.core.github.InstallationLocator;
import io.jenkins.plugins.githostcredentials.core.github.Narrowing;
import io.jenkins.plugins.githostcredentials.core.github.PermissionCeiling;
import io.jenkins.plugins.githostcredentials.core.github.TokenPolicy;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.session.TokenSource;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jenkins.model.Jenkins;
import jenkins.security.SlaveToMasterCallable;
import jenkins.util.JenkinsJVM;
import org.jenkinsci.Symbol;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A GitHub App: its App ID or Client ID, its private key, the GitHub it lives on, and optionally the installation and
 * the repositories and permissions its tokens are narrowed to.
 *
 * <p>As a username/password credential its password is an installation token minted on the controller, and its
 * username {@code x-access-token}. The key never leaves the controller: when the credential is sent to an agent, the
 * agent receives a stand-in that asks the controller for a token over the agent's channel.
 */
public final class GitHubAppKeyCredentials extends AbstractGitHostCredentials {

    private static final long serialVersionUID = 1L;

    /** The username git sends with an installation token (core's convention; a test holds the two together). */
    static final String GIT_USERNAME = "x-access-token";

    @NonNull
    private final String appId;

    @NonNull
    private final Secret privateKey;

    /** Blank for github.com, else the GitHub Enterprise Server (or its API) URL. */
    @CheckForNull
    private final String serverUrl;

    /** The organization or user the app is installed on, or the numeric installation ID; null to infer. */
    @CheckForNull
    private String owner;

    /** Default repositories to narrow tokens to, separated by commas or whitespace; null for all. */
    @CheckForNull
    private String repositories;

    /** Default permissions to narrow tokens to, "name:level" separated by commas or whitespace; null for all. */
    @CheckForNull
    private String permissions;

    /** Null in XML written without the field (hand-edited or configuration as code leaving it out). */
    @CheckForNull
    private TokenPolicy tokenPolicy;

    /**
     * The most repositories any token may reach, whatever a job asks: names or owner/name, {@code *} for any
     * characters, one per line or separated by commas; null for no limit. Read by core's {@link PermissionCeiling}.
     */
    @CheckForNull
    private String ceilingRepositories;

    /** The most permissions any token may carry, "name:level" per line or separated by commas; null for no limit. */
    @CheckForNull
    private String ceilingPermissions;

    /**
     * @param appId the numeric App ID or the Client ID ({@code Iv...}) from the app's settings page
     * @param privateKey the private key as GitHub downloads it (PKCS#1), or PKCS#8, in any of the forms core accepts
     * @param serverUrl blank for github.com, else the GitHub Enterprise Server URL or its API URL
     */
    @DataBoundConstructor
    public GitHubAppKeyCredentials(
            @CheckForNull CredentialsScope scope,
            @CheckForNull String id,
            @CheckForNull String description,
            @CheckForNull String appId,
            @CheckForNull Secret privateKey,
            @CheckForNull String serverUrl)
            throws FormException {
        super(scope, id, description);
        this.appId = Util.fixNull(Util.fixEmptyAndTrim(appId));
        this.privateKey = privateKey == null ? Secret.fromString("") : privateKey;
        this.serverUrl = Util.fixEmptyAndTrim(serverUrl);
        try {
            GitHubApp.checkIssuer(this.appId);
        } catch (IllegalArgumentException e) {
            throw new FormException(e.getMessage(), "appId");
        }
        try {
            key();
        } catch (IllegalArgumentException e) {
            throw new FormException(e.getMessage(), "privateKey");
        }
        try {
            endpoint();
        } catch (IllegalArgumentException e) {
            throw new FormException(e.getMessage(), "serverUrl");
        }
    }

    /**
     * Credentials saved by the first builds of this plugin, when this class was called GitHubAppCredentials (a name
     * that clashed with github-branch-source's), still load.
     */
    @Initializer(before = InitMilestone.PLUGINS_STARTED)
    public static void readCredentialsSavedUnderTheFormerName() {
        String formerName = "io.jenkins.plugins.githostcredentials.credentials.GitHubAppCredentials";
        Jenkins.XSTREAM2.addCompatibilityAlias(formerName, GitHubAppKeyCredentials.class); // credentials.xml
        Items.XSTREAM2.addCompatibilityAlias(formerName, GitHubAppKeyCredentials.class); // folder stores
    }

    /** Parsed on each use (a millisecond), so no key object outlives the call that needs it. */
    private GitHubAppKey key() {
        return GitHubAppKey.parse(privateKey.getPlainText());
    }

    @NonNull
    @Override
    public HostEndpoint endpoint() {
        return GitHubTokenCredentials.resolveGitHub(serverUrl);
    }

    /**
     * The app and its installation in core terms, holding the parsed key. Controller only.
     *
     * @throws IllegalArgumentException naming the field to fix
     */
    @NonNull
    @Override
    public TokenSource.GitHubAppInstallation tokenSource() {
        GitHubApp app = new GitHubApp(appId, key(), endpoint(), getTokenPolicy());
        Long installationId = null;
        String ownerName = null;
        if (owner != null) {
            InstallationLocator locator = parseOwner(owner);
            if (locator instanceof InstallationLocator.ById byId) {
                installationId = byId.installationId();
            } else {
                ownerName = ((InstallationLocator.ByOwner) locator).owner();
            }
        }
        return new TokenSource.GitHubAppInstallation(app, installationId, ownerName, splitList(repositories),
                parsePermissions(permissions), getCeiling());
    }

    /**
     * What the admin set as the most a job may ask for.
     *
     * @throws IllegalArgumentException listing each entry to fix, so a credential with an unreadable ceiling hands
     *     out nothing rather than everything
     */
    @NonNull
    public PermissionCeiling getCeiling() {
        return PermissionCeiling.parse(ceilingRepositories, ceilingPermissions);
    }

    @NonNull
    @Override
    public String getUsername() {
        return GIT_USERNAME;
    }

    /**
     * A freshly minted (or shared, still fresh) installation token narrowed to the credential's defaults.
     *
     * @throws IllegalStateException with GitHub's answer when no token can be minted
     */
    @NonNull
    @Override
    public Secret getPassword() {
        if (!JenkinsJVM.isJenkinsJVM()) {
            throw new IllegalStateException("GitHub App credentials reach agents only through their agent stand-in");
        }
        try {
            return mintPassword();
        } catch (GitHubAppException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private Secret mintPassword() throws GitHubAppException {
        return GitHostService.get().installationPassword(tokenSource());
    }

    /**
     * Over a remoting channel, send a stand-in that asks the controller for tokens, so the key never reaches an
     * agent. XStream (saving to disk) runs outside any channel and stores the credential itself, key encrypted.
     */
    private Object writeReplace() {
        Channel channel = Channel.current();
        if (channel == null) {
            return this;
        }
        return new AgentStandIn(this, AgentTokenRelay.grant(this, channel));
    }

    @NonNull
    public String getAppId() {
        return appId;
    }

    @NonNull
    public Secret getPrivateKey() {
        return privateKey;
    }

    @CheckForNull
    public String getServerUrl() {
        return serverUrl;
    }

    @CheckForNull
    public String getOwner() {
        return owner;
    }

    @DataBoundSetter
    public void setOwner(@CheckForNull String owner) {
        this.owner = Util.fixEmptyAndTrim(owner);
    }

    @CheckForNull
    public String getRepositories() {
        return repositories;
    }

    @DataBoundSetter
    public void setRepositories(@CheckForNull String repositories) {
        this.repositories = Util.fixEmptyAndTrim(repositories);
    }

    @CheckForNull
    public String getPermissions() {
        return permissions;
    }

    @DataBoundSetter
    public void setPermissions(@CheckForNull String permissions) {
        this.permissions = Util.fixEmptyAndTrim(permissions);
    }

    @NonNull
    public TokenPolicy getTokenPolicy() {
        return tokenPolicy == null ? TokenPolicy.REVOKE_WHEN_RELEASED : tokenPolicy;
    }

    @DataBoundSetter
    public void setTokenPolicy(@CheckForNull TokenPolicy tokenPolicy) {
        this.tokenPolicy = tokenPolicy;
    }

    @CheckForNull
    public String getCeilingRepositories() {
        return ceilingRepositories;
    }

    @DataBoundSetter
    public void setCeilingRepositories(@CheckForNull String ceilingRepositories) {
        this.ceilingRepositories = Util.fixEmptyAndTrim(ceilingRepositories);
    }

    @CheckForNull
    public String getCeilingPermissions() {
        return ceilingPermissions;
    }

    @DataBoundSetter
    public void setCeilingPermissions(@CheckForNull String ceilingPermissions) {
        this.ceilingPermissions = Util.fixEmptyAndTrim(ceilingPermissions);
    }

    // ---- reading the optional fields ----

    /**
     * The owner field: an organization or user name, or an installation ID.
     *
     * @throws IllegalArgumentException for anything else, such as owner/repository
     */
    static InstallationLocator parseOwner(String text) {
        InstallationLocator locator = InstallationLocator.parse(text);
        if (locator instanceof InstallationLocator.ByRepository) {
            throw new IllegalArgumentException(Messages.GitHubAppKeyCredentials_ownerIsRepository(text.strip()));
        }
        return locator;
    }

    /** Entries separated by commas or whitespace. */
    static List<String> splitList(@CheckForNull String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.strip().split("[,\\s]+")).filter(entry -> !entry.isEmpty()).toList();
    }

    /**
     * "contents:read, pull_requests:write" (or {@code =}) into a map; names and levels are checked by core when the
     * map is used.
     *
     * @throws IllegalArgumentException for an entry without a level
     */
    static Map<String, String> parsePermissions(@CheckForNull String text) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String entry : splitList(text)) {
            int separator = entry.indexOf('=') >= 0 ? entry.indexOf('=') : entry.lastIndexOf(':');
            if (separator <= 0 || separator == entry.length() - 1) {
                throw new IllegalArgumentException(Messages.GitHubAppKeyCredentials_permissionSyntax(entry));
            }
            parsed.put(entry.substring(0, separator), entry.substring(separator + 1));
        }
        return parsed;
    }

    /** Checks default repositories with core's rules: names, or owner/name. */
    static void checkRepositories(@CheckForNull String text) {
        for (String entry : splitList(text)) {
            int slash = entry.indexOf('/');
            if (slash >= 0) {
                InstallationLocator.byRepository(entry.substring(0, slash), entry.substring(slash + 1));
            } else {
                Narrowing.repositories(Set.of(entry));
            }
        }
    }

    /**
     * What an agent holds instead of the credential: the handle to ask the controller for a token, and the last token
     * it was given, which it reuses for a few minutes only (well inside {@link GitHostService#PASSWORD_GRACE}).
     */
    private static final class AgentStandIn extends BaseStandardCredentials implements StandardUsernamePasswordCredentials {

        private static final long serialVersionUID = 1L;

        private static final Duration REUSE = Duration.ofMinutes(5);

        private final String handle;

        private transient volatile Channel channel;

        @CheckForNull
        private transient Secret cachedToken;

        private transient long cachedAtMillis;

        AgentStandIn(GitHubAppKeyCredentials onController, String handle) {
            super(onController.getScope(), onController.getId(), onController.getDescription());
            this.handle = handle;
        }

        private Object readResolve() {
            // The token cache fields are transient, so they arrive empty; only the channel needs setting.
            channel = Channel.currentOrFail();
            return this;
        }

        @NonNull
        @Override
        public String getUsername() {
            return GIT_USERNAME;
        }

        @Override
        public boolean isUsernameSecret() {
            return false;
        }

        @NonNull
        @Override
        public synchronized Secret getPassword() {
            long now = System.currentTimeMillis();
            if (cachedToken == null || now - cachedAtMillis >= REUSE.toMillis()) {
                try {
                    cachedToken = channel.call(new MintForAgent(handle));
                } catch (IOException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(Messages.GitHubAppKeyCredentials_agentInterrupted(), e);
                }
                cachedAtMillis = now;
            }
            return cachedToken;
        }

        @Override
        public String toString() {
            return "GitHubAppKeyCredentials.AgentStandIn[id=" + getId() + "]";
        }
    }

    /** Runs on the controller at an agent's request: mints the token for the credential behind the handle. */
    private static final class MintForAgent extends SlaveToMasterCallable<Secret, IOException> {

        private static final long serialVersionUID = 1L;

        private final String handle;

        MintForAgent(String handle) {
            this.handle = handle;
        }

        @Override
        public Secret call() throws IOException {
            return AgentTokenRelay.redeem(handle, Channel.current()).mintPassword();
        }
    }

    @Extension
    @Symbol("gitHubAppKey")
    public static final class DescriptorImpl extends GitHostCredentialsDescriptor {

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.GitHubAppKeyCredentials_displayName();
        }

        /** The label of a token policy in the form. */
        @NonNull
        public String tokenPolicyName(@NonNull TokenPolicy policy) {
            return switch (policy) {
                case REVOKE_WHEN_RELEASED -> Messages.GitHubAppKeyCredentials_revokeWhenReleased();
                case REUSE_UNTIL_EXPIRY -> Messages.GitHubAppKeyCredentials_reuseUntilExpiry();
            };
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckAppId(@ContextInPath ModelObject context, @QueryParameter String value) {
            return check(context, () -> {
                // A new form runs every check at once: an empty field is not an error until the form is saved.
                if (Util.fixEmptyAndTrim(value) == null) {
                    return FormValidation.ok();
                }
                GitHubApp.checkIssuer(value);
                return FormValidation.ok();
            });
        }

        /**
         * Reads the pasted key with core and shows the fingerprint GitHub lists next to the app's keys, so the admin
         * can tell which key this is. Local only.
         */
        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckPrivateKey(@ContextInPath ModelObject context, @QueryParameter String value) {
            return check(context, () -> {
                String pem = Secret.fromString(value).getPlainText();
                if (pem.isBlank()) {
                    return FormValidation.ok();
                }
                GitHubAppKey key = GitHubAppKey.parse(pem);
                return FormValidation.ok(Messages.GitHubAppKeyCredentials_keyOk(
                        String.valueOf(key.bits()), key.fingerprint(), key.format()));
            });
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckServerUrl(@ContextInPath ModelObject context, @QueryParameter String value) {
            return check(context, () -> FormValidation.ok(Messages.StoredTokenCredentials_apiBase(
                    GitHubTokenCredentials.resolveGitHub(value).apiBaseUrl())));
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckOwner(@ContextInPath ModelObject context, @QueryParameter String value) {
            return check(context, () -> {
                if (Util.fixEmptyAndTrim(value) == null) {
                    return FormValidation.ok();
                }
                return FormValidation.ok(Messages.GitHubAppKeyCredentials_ownerOk(parseOwner(value).describe()));
            });
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckRepositories(@ContextInPath ModelObject context, @QueryParameter String value) {
            return check(context, () -> {
                checkRepositories(value);
                return FormValidation.ok();
            });
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckPermissions(@ContextInPath ModelObject context, @QueryParameter String value) {
            return check(context, () -> {
                new Narrowing(Set.of(), parsePermissions(value));
                return FormValidation.ok();
            });
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckCeilingRepositories(
                @ContextInPath ModelObject context, @QueryParameter String value) {
            return check(context, () -> {
                PermissionCeiling.parse(value, null);
                return FormValidation.ok();
            });
        }

        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doCheckCeilingPermissions(
                @ContextInPath ModelObject context, @QueryParameter String value) {
            return check(context, () -> {
                PermissionCeiling.parse(null, value);
                return FormValidation.ok();
            });
        }

        /**
         * The Verify button: mints a token as a build would get it (narrowed to the repository to check, or to the
         * defaults, within the ceiling), inspects it, and releases it.
         */
        @POST
        @Restricted(NoExternalUse.class)
        public FormValidation doVerify(
                @ContextInPath ModelObject context,
                @QueryParameter String appId,
                @QueryParameter String privateKey,
                @QueryParameter String serverUrl,
                @QueryParameter String owner,
                @QueryParameter String repositories,
                @QueryParameter String permissions,
                @QueryParameter String ceilingRepositories,
                @QueryParameter String ceilingPermissions,
                @QueryParameter String verifyRepository,
                @QueryParameter String verifyRequirements) {
            return verify(context, () -> {
                GitHubAppKeyCredentials credentials = new GitHubAppKeyCredentials(
                        CredentialsScope.GLOBAL, null, null, appId, Secret.fromString(privateKey), serverUrl);
                credentials.setOwner(owner);
                credentials.setRepositories(repositories);
                credentials.setPermissions(permissions);
                credentials.setCeilingRepositories(ceilingRepositories);
                credentials.setCeilingPermissions(ceilingPermissions);
                return credentials;
            }, verifyRepository, verifyRequirements);
        }
    }
}
