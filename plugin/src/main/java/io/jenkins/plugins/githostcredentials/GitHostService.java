package io.jenkins.plugins.githostcredentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.ProxyConfiguration;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.core.capability.Requirements;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException;
import io.jenkins.plugins.githostcredentials.core.github.InstallationTokens;
import io.jenkins.plugins.githostcredentials.core.github.TokenCacheSettings;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import io.jenkins.plugins.githostcredentials.core.http.HttpSettings;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionReport;
import io.jenkins.plugins.githostcredentials.core.session.PreflightFailedException;
import io.jenkins.plugins.githostcredentials.core.session.SessionRequest;
import io.jenkins.plugins.githostcredentials.core.session.TokenSession;
import io.jenkins.plugins.githostcredentials.core.session.TokenSessions;
import io.jenkins.plugins.githostcredentials.core.session.TokenSource;
import java.net.Proxy;
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

/**
 * The controller's connection to git hosts: one core HTTP client per proxy setting (Jenkins' proxy, honouring its
 * no-proxy hosts), each with the GitHub App token cache and the token sessions that use it. Controller only.
 *
 * <p>With one proxy setting for every host (no proxy, or a proxy without exclusions), which is the common case, there
 * is exactly one HTTP client, one {@link InstallationTokens} and one {@link TokenSessions}.
 */
@Extension
public final class GitHostService {

    private static final Logger LOGGER = Logger.getLogger(GitHostService.class.getName());

    /**
     * How long an installation token handed out as a credential's password is kept from being revoked. Consumers such
     * as the git plugin ask for the password each time they run git, so this covers one git command with room to spare.
     */
    public static final Duration PASSWORD_GRACE = Duration.ofMinutes(15);

    private final Clock clock = Clock.systemUTC();

    /** Keyed by the proxy a host is reached through; {@code null} proxy means the JVM's proxy selection. */
    private final Map<ProxyKey, TokenSessions> sessions = new ConcurrentHashMap<>();

    @NonNull
    public static GitHostService get() {
        return ExtensionList.lookupSingleton(GitHostService.class);
    }

    /** The token sessions for builds using credentials of this host. */
    @NonNull
    public TokenSessions sessions(@NonNull HostEndpoint endpoint) {
        return sessions.computeIfAbsent(new ProxyKey(proxyFor(endpoint)), this::connect);
    }

    /** The open session with this ID, whichever host it is for. */
    @NonNull
    public Optional<TokenSession> findSession(@CheckForNull String sessionId) {
        for (TokenSessions perProxy : sessions.values()) {
            Optional<TokenSession> session = perProxy.find(sessionId);
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
        return sessions(source.endpoint()).verify(source, repository, required);
    }

    /**
     * An installation token for a GitHub App credential's password: narrowed to the credential's defaults, shared with
     * other users of the same narrowing, and kept from revocation for {@link #PASSWORD_GRACE} after it is handed out.
     *
     * @throws GitHubAppException when GitHub does not mint the token, saying what to fix
     * @throws IllegalArgumentException when the credential names no installation
     */
    @NonNull
    public Secret installationPassword(@NonNull TokenSource.GitHubAppInstallation source) throws GitHubAppException {
        TokenSession session;
        try {
            session = sessions(source.endpoint()).open(source, SessionRequest.defaults());
        } catch (PreflightFailedException e) {
            throw new IllegalStateException("a session without requirements has no preflight", e);
        }
        try {
            Secret password = Secret.fromString(session.token().reveal());
            Timer.get().schedule(session::close, PASSWORD_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            return password;
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * An HTTP client reaching this host through Jenkins' proxy, for a call outside token sessions: turning a new GitHub
     * App's manifest code into its credentials.
     */
    @NonNull
    public HostHttpClient httpClient(@NonNull HostEndpoint endpoint) {
        return newHttpClient(proxyFor(endpoint));
    }

    private static HostHttpClient newHttpClient(@CheckForNull Proxy proxy) {
        HttpSettings defaults = HttpSettings.defaults();
        return new HostHttpClient(new HttpSettings(defaults.connectTimeout(), defaults.readTimeout(), proxy,
                defaults.userAgent(), defaults.maxAttempts(), defaults.maxRetryWait()));
    }

    private TokenSessions connect(ProxyKey key) {
        HostHttpClient http = newHttpClient(key.proxy());
        InstallationTokens tokens = new InstallationTokens(http, clock, TokenCacheSettings.defaults());
        LOGGER.log(Level.FINE, "Connecting to git hosts through {0}", key.proxy() == null ? "the JVM proxy settings" : key.proxy());
        return new TokenSessions(http, tokens, clock);
    }

    /** Jenkins' proxy for the API host, {@link Proxy#NO_PROXY} when the host is excluded, null when none is set. */
    @CheckForNull
    private static Proxy proxyFor(HostEndpoint endpoint) {
        ProxyConfiguration proxy = Jenkins.get().proxy;
        if (proxy == null) {
            return null;
        }
        String apiHost = java.net.URI.create(endpoint.apiBaseUrl()).getHost();
        return proxy.createProxy(apiHost);
    }

    private record ProxyKey(@CheckForNull Proxy proxy) {}
}
