package io.jenkins.plugins.githostcredentials.core.session;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.capability.Requirements;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException;
import io.jenkins.plugins.githostcredentials.core.github.InstallationTokens;
import io.jenkins.plugins.githostcredentials.core.github.TokenLease;
import io.jenkins.plugins.githostcredentials.core.github.TokenRequest;
import io.jenkins.plugins.githostcredentials.core.host.GitLogin;
import io.jenkins.plugins.githostcredentials.core.host.HostCatalog;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionReport;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionRequest;
import io.jenkins.plugins.githostcredentials.core.inspect.InstallationGrant;
import io.jenkins.plugins.githostcredentials.core.inspect.TokenInspector;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The controller-wide service that turns a credential ({@link TokenSource}) into tokens for builds: it opens a
 * {@link TokenSession} per build block (minting and narrowing GitHub App tokens through the controller's
 * {@link InstallationTokens} cache) and keeps the open sessions, so that serialized pipeline state needs to hold
 * only a session's ID, never a token.
 *
 * <p>Thread-safe. Hold one instance for the whole controller.
 */
public final class TokenSessions {

    /** The username git sends with a GitHub App installation token. */
    static final String INSTALLATION_TOKEN_USERNAME = "x-access-token";

    private final TokenInspector inspector;
    private final InstallationTokens installationTokens;
    private final Clock clock;
    private final Map<String, TokenSession> open = new ConcurrentHashMap<>();
    /** Serializes {@link #reopen}, which is rare (once per running block after a restart). */
    private final Object reopening = new Object();

    /**
     * @param http the controller's HTTP client, for inspection
     * @param installationTokens the controller's GitHub App token cache
     * @param clock the controller's clock (the one {@code installationTokens} uses)
     */
    public TokenSessions(HostHttpClient http, InstallationTokens installationTokens, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.inspector = new TokenInspector(Objects.requireNonNull(http, "http"), clock);
        this.installationTokens = Objects.requireNonNull(installationTokens, "installationTokens");
    }

    /**
     * Opens a session for one build block: checks the request against the credential, mints a narrowed token for a
     * GitHub App, and remembers the session until it is closed.
     *
     * <p>A GitHub App token is narrowed to the request's repositories and permissions, or to the credential's
     * defaults for whichever the request leaves empty. Other credentials hold a fixed token and cannot be narrowed.
     *
     * <p>With {@link SessionRequest#require()}, the token is inspected first (for a GitHub App: the minted token,
     * against the first repository asked for); if it lacks anything required, the session is closed again (a minted
     * token is released, and so revoked) and {@link PreflightFailedException} reports what is missing.
     *
     * @throws IllegalArgumentException for a request that does not fit the credential (narrowing a stored token,
     *     repositories of two owners, an unknown permission or requirement word, a variable name that clashes),
     *     naming what to change
     * @throws GitHubAppException when GitHub does not mint the token, saying what to fix
     * @throws PreflightFailedException when the token lacks a required capability; its message is the report
     */
    public TokenSession open(TokenSource source, SessionRequest request)
            throws GitHubAppException, PreflightFailedException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(request, "request");
        Requirements required = Requirements.parse(request.require());
        String sessionId = newSessionId();
        OpenedToken opened = openToken(sessionId, source, request);
        TokenSession session = opened.session();
        open.put(sessionId, session);
        if (!required.isEmpty()) {
            InspectionReport report;
            try {
                report = inspector.inspect(opened.inspection().apply(required));
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
            session.recordPreflight(report);
            if (!report.passed()) {
                session.close();
                throw new PreflightFailedException(report);
            }
        }
        return session;
    }

    /**
     * The open session with this ID, or, when there is none (the controller restarted while a block was running, and
     * sessions live in memory only), a new one under the same ID: a new token for a GitHub App, narrowed as before.
     * The preflight is not repeated; it passed when the block started. Concurrent callers for one ID get one session.
     *
     * @throws IllegalArgumentException as for {@link #open}
     * @throws GitHubAppException as for {@link #open}
     */
    public TokenSession reopen(String sessionId, TokenSource source, SessionRequest request)
            throws GitHubAppException {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(request, "request");
        synchronized (reopening) {
            TokenSession existing = open.get(sessionId);
            if (existing != null) {
                return existing;
            }
            TokenSession session = openToken(sessionId, source, request).session();
            open.put(sessionId, session);
            return session;
        }
    }

    /**
     * Inspects what a credential's token can do, for a "Verify" button: a stored token as is; for a GitHub App, a
     * token minted as a build would get it (narrowed to {@code repository}, or to the credential's default
     * repositories, and to its default permissions), which is released (and so revoked) right after.
     *
     * @param repository {@code owner/name} to check against (for GitLab {@code group/project}, ...), or null to
     *     report what can be known without one
     * @throws IllegalArgumentException when the repository or the credential's defaults cannot narrow a token
     * @throws GitHubAppException when GitHub does not mint the token, saying what to fix
     */
    public InspectionReport verify(TokenSource source, String repository, Requirements required)
            throws GitHubAppException {
        Objects.requireNonNull(source, "source");
        Requirements needs = required == null ? Requirements.none() : required;
        String target = repository == null || repository.isBlank() ? null : repository.strip();
        if (source instanceof TokenSource.StoredToken stored) {
            return inspector.inspect(storedInspection(stored, target, needs));
        }
        TokenSource.GitHubAppInstallation app = (TokenSource.GitHubAppInstallation) source;
        AppNarrowing narrowing = AppNarrowing.resolve(app.installationId(), app.owner(),
                target == null ? app.defaultRepositories() : List.of(target), app.defaultPermissions());
        try (TokenLease lease = installationTokens.lease(
                app.app(), new TokenRequest(narrowing.installation(), narrowing.narrowing()))) {
            return inspector.inspect(appInspection(app, narrowing, lease, lease.token(), needs));
        }
    }

    /** The open session with this ID, if it is still open. */
    public Optional<TokenSession> find(String sessionId) {
        return sessionId == null ? Optional.empty() : Optional.ofNullable(open.get(sessionId));
    }

    /** The sessions open now, for periodic token renewal ({@link TokenSession#renewIfDue()}). */
    public Collection<TokenSession> openSessions() {
        return List.copyOf(open.values());
    }

    private OpenedToken openToken(String sessionId, TokenSource source, SessionRequest request)
            throws GitHubAppException {
        requireUsernameVariableIsNoTokenVariable(source.endpoint(), request);
        return source instanceof TokenSource.StoredToken stored
                ? openStored(sessionId, stored, request)
                : openApp(sessionId, (TokenSource.GitHubAppInstallation) source, request);
    }

    /** A session just opened, and how to inspect its token. */
    private record OpenedToken(TokenSession session, Function<Requirements, InspectionRequest> inspection) {}

    private OpenedToken openStored(String sessionId, TokenSource.StoredToken stored, SessionRequest request) {
        if (request.narrows()) {
            throw new IllegalArgumentException("repositories and permissions narrow GitHub App tokens only, but this "
                    + "credential holds a fixed " + stored.kind().displayName() + " for " + stored.endpoint().kind()
                    .displayName() + ". Remove repositories and permissions from the step, and limit the token itself "
                    + "where it is created on " + stored.endpoint().hostName() + ".");
        }
        HostEndpoint endpoint = stored.endpoint();
        Function<SecretText, GitLogin> login =
                token -> HostCatalog.gitLogin(endpoint.kind(), stored.kind(), token, stored.username());
        TokenSession session = new TokenSession(sessionId, endpoint, stored.kind(), request, stored.token(), login,
                null, clock, () -> open.remove(sessionId));
        return new OpenedToken(session, required -> storedInspection(stored, null, required));
    }

    private OpenedToken openApp(String sessionId, TokenSource.GitHubAppInstallation app, SessionRequest request)
            throws GitHubAppException {
        AppNarrowing narrowing = narrowingFor(app, request);
        TokenLease lease = installationTokens.lease(
                app.app(), new TokenRequest(narrowing.installation(), narrowing.narrowing()));
        try {
            SecretText token = lease.token();
            TokenSession session = new TokenSession(sessionId, app.endpoint(), TokenKind.GITHUB_INSTALLATION, request,
                    token, t -> new GitLogin.Basic(INSTALLATION_TOKEN_USERNAME, t), lease, clock,
                    () -> open.remove(sessionId));
            return new OpenedToken(session, required -> appInspection(app, narrowing, lease, token, required));
        } catch (RuntimeException e) {
            lease.release();
            throw e;
        }
    }

    private static AppNarrowing narrowingFor(TokenSource.GitHubAppInstallation app, SessionRequest request) {
        return AppNarrowing.resolve(app.installationId(), app.owner(),
                request.repositories().isEmpty() ? app.defaultRepositories() : request.repositories(),
                request.permissions().isEmpty() ? app.defaultPermissions() : request.permissions());
    }

    private static InspectionRequest storedInspection(
            TokenSource.StoredToken stored, String repository, Requirements required) {
        return InspectionRequest.builder(stored.endpoint(), stored.token())
                .tokenKind(stored.kind())
                .username(stored.username())
                .email(stored.email())
                .repository(repository)
                .required(required)
                .build();
    }

    /**
     * Inspects an installation token against the first repository it was narrowed to, when its owner is known; the
     * grant GitHub answered the mint with tells what the token may do, as no API call can.
     */
    private static InspectionRequest appInspection(TokenSource.GitHubAppInstallation app, AppNarrowing narrowing,
            TokenLease lease, SecretText token, Requirements required) {
        String owner = narrowing.owner();
        List<String> granted = lease.repositories().stream()
                .map(name -> owner == null ? name : owner + "/" + name)
                .toList();
        String repository = owner == null || narrowing.repositories().isEmpty() ? null : narrowing.repositories().get(0);
        return InspectionRequest.builder(app.endpoint(), token)
                .tokenKind(TokenKind.GITHUB_INSTALLATION)
                .repository(repository)
                .required(required)
                .installationGrant(new InstallationGrant(lease.permissions(), lease.repositorySelection(), granted))
                .build();
    }

    private static void requireUsernameVariableIsNoTokenVariable(HostEndpoint endpoint, SessionRequest request) {
        if (SessionVariables.toolTokenVariables(endpoint).contains(request.usernameVariable())) {
            throw new IllegalArgumentException("usernameVariable '" + request.usernameVariable() + "' is where "
                    + endpoint.kind().displayName() + " tools read the token; choose another name for the username.");
        }
    }

    private static String newSessionId() {
        return UUID.randomUUID().toString();
    }
}
