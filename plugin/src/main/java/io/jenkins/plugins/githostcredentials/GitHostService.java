package io.jenkins.plugins.githostcredentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.ProxyConfiguration;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.init.Terminator;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.core.capability.Requirements;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException;
import io.jenkins.plugins.githostcredentials.core.github.InstallationTokens;
import io.jenkins.plugins.githostcredentials.core.github.TokenCacheSettings;
import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import io.jenkins.plugins.githostcredentials.core.http.HttpSettings;
import io.jenkins.plugins.githostcredentials.core.http.ProxySettings;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionReport;
import io.jenkins.plugins.githostcredentials.core.session.PreflightFailedException;
import io.jenkins.plugins.githostcredentials.core.session.SessionRequest;
import io.jenkins.plugins.githostcredentials.core.session.TokenSession;
import io.jenkins.plugins.githostcredentials.core.session.TokenSessions;
import io.jenkins.plugins.githostcredentials.core.session.TokenSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The controller's connection to git hosts: one core HTTP client for Jenkins' proxy configuration as it is now
 * (server, port, no-proxy hosts and credentials, applied per request by core), with the GitHub App token cache and
 * the token sessions that use it. Controller only.
 *
 * <p>When an administrator changes the proxy or the GitHub App token settings, the next call connects anew; sessions
 * already open keep the connection they were opened with until they end. Every connection notes the tokens it mints
 * in one {@link SavedRevocations} journal, so tokens not revoked when Jenkins stops are revoked at the next start.
 */
@Extension
public final class GitHostService {

    private static final Logger LOGGER = Logger.getLogger(GitHostService.class.getName());

    /**
     * How long an installation token handed out as a credential's password is kept from being revoked. Consumers such
     * as the git plugin ask for the password each time they run git, so this covers one git command with room to spare.
     */
    public static final Duration PASSWORD_GRACE = Duration.ofMinutes(15);

    /**
     * How long GitHub's last acceptance of a reused token counts before it is handed out as a password again: older,
     * and one cheap call asks GitHub first, so a token revoked outside Jenkins is replaced instead of failing every
     * checkout until it expires. At most one call a minute per token, and only when a token is reused.
     */
    static final Duration PASSWORD_TRUST = Duration.ofMinutes(1);

    /**
     * The longest a pipeline block waits for GitHub to mint its token (lookup, mint, retries together), so a slow or
     * failing GitHub fails the block with what GitHub did instead of holding the build.
     */
    public static final Duration MINT_WAIT = Duration.ofSeconds(60);

    private final Clock clock = Clock.systemUTC();

    private final SavedRevocations journal = SavedRevocations.load();

    private final Map<Settings, Connection> connections = new ConcurrentHashMap<>();

    /** How long a reused token counts as accepted; shorter in tests. */
    private volatile Duration passwordTrust = PASSWORD_TRUST;

    @NonNull
    public static GitHostService get() {
        return ExtensionList.lookupSingleton(GitHostService.class);
    }

    /** The token sessions for builds, through Jenkins' current proxy and token settings. */
    @NonNull
    public TokenSessions sessions() {
        return connection().sessions();
    }

    private Connection connection() {
        return connections.computeIfAbsent(
                new Settings(currentProxy(), GitHubAppTokenSettings.get().cacheSettings()), this::connect);
    }

    /** The open session with this ID, whichever connection it was opened with. */
    @NonNull
    public Optional<TokenSession> findSession(@CheckForNull String sessionId) {
        for (Connection connection : connections.values()) {
            Optional<TokenSession> session = connection.sessions().find(sessionId);
            if (session.isPresent()) {
                return session;
            }
        }
        return Optional.empty();
    }

    /**
     * What a credential's token can do, for the Verify button.
     *
     * @param repository the repository to check against, or null
     * @param requirements capability words as core reads them ("checkout, push"), or blank
     * @throws IllegalArgumentException for unknown requirement words or a narrowing the credential cannot do
     * @throws GitHubAppException when GitHub does not mint the app's token
     */
    @NonNull
    public InspectionReport verify(
            @NonNull TokenSource source, @CheckForNull String repository, @CheckForNull String requirements)
            throws GitHubAppException {
        Requirements required = Requirements.parse(requirements == null ? List.of() : List.of(requirements));
        return sessions().verify(source, repository, required);
    }

    /**
     * An installation token for a GitHub App credential's password: narrowed to the credential's defaults, shared with
     * other users of the same narrowing, confirmed with GitHub when it was last accepted more than a minute ago (a
     * rejected one is replaced), and kept from revocation for {@link #PASSWORD_GRACE} after it is handed out.
     *
     * @throws GitHubAppException when GitHub does not mint the token, saying what to fix
     * @throws IllegalArgumentException when the credential names no installation
     */
    @NonNull
    public Secret installationPassword(@NonNull TokenSource.GitHubAppInstallation source) throws GitHubAppException {
        TokenSession session;
        try {
            session = sessions().open(source, SessionRequest.defaults(), MINT_WAIT);
        } catch (PreflightFailedException e) {
            throw new IllegalStateException("a session without requirements has no preflight", e);
        }
        try {
            Secret password = Secret.fromString(session.confirmedToken(passwordTrust).reveal());
            Timer.get().schedule(session::close, PASSWORD_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            return password;
        } catch (GitHubAppException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** For tests: how long GitHub's last acceptance of a reused password token counts. */
    @Restricted(NoExternalUse.class)
    public void setPasswordTrust(@NonNull Duration trust) {
        this.passwordTrust = trust;
    }

    private Connection connect(Settings settings) {
        HostHttpClient http = new HostHttpClient(HttpSettings.defaults().withProxy(settings.proxy()));
        InstallationTokens tokens = new InstallationTokens(http, clock, settings.tokens(), journal);
        LOGGER.log(Level.FINE, "Connecting to git hosts with {0}", settings.proxy());
        return new Connection(tokens, new TokenSessions(http, tokens, clock));
    }

    /**
     * Jenkins' proxy configuration (Manage Jenkins &gt; System &gt; HTTP Proxy) in core's terms; the JVM's own proxy
     * selection when none is set.
     *
     * @throws IllegalArgumentException when the configured port is not a port, saying where to fix it
     */
    @NonNull
    static ProxySettings currentProxy() {
        ProxyConfiguration proxy = Jenkins.get().proxy;
        if (proxy == null || proxy.getName() == null) {
            return ProxySettings.jvmDefault();
        }
        Secret password = proxy.getSecretPassword();
        return ProxySettings.fromJenkins(proxy.getName(), proxy.getPort(), proxy.getUserName(),
                password == null ? null : password.getPlainText(), proxy.getNoProxyHost());
    }

    /**
     * At start-up, revokes (in the background) the GitHub App tokens the previous run minted and did not revoke, before
     * any build leases a new one. Revoking may cut off a step that survived the restart holding such a token in a
     * variable; git in a block reads the block's fresh token from its token file instead.
     */
    @Initializer(after = InitMilestone.JOB_CONFIG_ADAPTED, fatal = false)
    public static void revokeTokensLeftByThePreviousRun() {
        GitHostService service = get();
        try {
            service.connection().tokens().revokeRecorded(service.journal.recorded());
        } catch (IllegalArgumentException e) {
            // e.g. a proxy without a port: the message says where to fix it; Jenkins must start all the same
            LOGGER.log(Level.WARNING, "Could not revoke the GitHub App tokens left by the previous run; they expire "
                    + "within the hour: {0}", e.getMessage());
        }
    }

    /**
     * When Jenkins stops: revokes every token nobody holds, waiting a few seconds at most; the journal keeps whatever is
     * left for the next start.
     */
    @Terminator
    public static void revokeIdleTokensOnShutdown() {
        for (Connection connection : get().connections.values()) {
            connection.tokens().close();
        }
    }

    /** What a connection depends on: a change to either connects anew. */
    private record Settings(ProxySettings proxy, TokenCacheSettings tokens) {}

    private record Connection(InstallationTokens tokens, TokenSessions sessions) {}
}
