package io.jenkins.plugins.githostcredentials.core.session;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.capability.Requirements;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException;
import io.jenkins.plugins.githostcredentials.core.github.InstallationTokens;
import io.jenkins.plugins.githostcredentials.core.github.PermissionCeiling;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
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

    private final HostHttpClient http;
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
        this.http = Objects.requireNonNull(http, "http");
        this.inspector = new TokenInspector(http, clock);
        this.installationTokens = Objects.requireNonNull(installationTokens, "installationTokens");
    }

    /**
     * Opens a session for one build block: checks the request against the credential, mints a narrowed token for a
     * GitHub App, and remembers the session until it is closed.
     *
     * <p>The request's repositories are the ones the block works on. A GitHub App token is narrowed to them and to
     * the request's permissions, or to the credential's defaults for whichever the request leaves empty. Other
     * credentials hold a fixed token: it cannot be narrowed, so permissions are refused for them, but their
     * repositories are still what the preflight checks.
     *
     * <p>With {@link SessionRequest#require()}, the token is inspected first, once per repository (for a GitHub App:
     * the minted token, on each repository it was narrowed to, when their owner is known; with no repository, the
     * token alone); if it lacks anything required on any of them, the session is closed again (a minted token is
     * released, and so revoked) and {@link PreflightFailedException} reports, per repository, what is missing.
     *
     * @throws IllegalArgumentException for a request that does not fit the credential (permissions for a stored
     *     token, a repository not written as the host names repositories, repositories of two owners, an unknown
     *     permission or requirement word, a variable name that clashes, anything beyond a GitHub App credential's
     *     ceiling), naming what to change; nothing has been sent to the host then
     * @throws GitHubAppException when GitHub does not mint the token, saying what to fix
     * @throws PreflightFailedException when the token lacks a required capability on a repository; its message is
     *     the reports
     */
    public TokenSession open(TokenSource source, SessionRequest request)
            throws GitHubAppException, PreflightFailedException {
        return open(source, request, null);
    }

    /**
     * As {@link #open(TokenSource, SessionRequest)}, but a GitHub App's token is waited for (installation lookup,
     * minting, retries) at most {@code maximumWait}; see {@link InstallationTokens#lease(
     * io.jenkins.plugins.githostcredentials.core.github.GitHubApp, TokenRequest, Duration)}. The preflight's calls
     * are bounded by the HTTP client's timeouts only.
     *
     * @throws GitHubAppException also when GitHub did not mint within {@code maximumWait}, saying what it did
     */
    public TokenSession open(TokenSource source, SessionRequest request, Duration maximumWait)
            throws GitHubAppException, PreflightFailedException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(request, "request");
        Requirements required = Requirements.parse(request.require());
        String sessionId = newSessionId();
        OpenedToken opened = openToken(sessionId, source, request, maximumWait);
        TokenSession session = opened.session();
        open.put(sessionId, session);
        if (!required.isEmpty()) {
            List<InspectionReport> reports;
            try {
                reports = preflight(opened, required);
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
            session.recordPreflight(reports);
            if (!reports.stream().allMatch(InspectionReport::passed)) {
                session.close();
                throw new PreflightFailedException(reports);
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
        return reopen(sessionId, source, request, null);
    }

    /** As {@link #reopen(String, TokenSource, SessionRequest)}, waiting for GitHub at most {@code maximumWait}. */
    public TokenSession reopen(String sessionId, TokenSource source, SessionRequest request, Duration maximumWait)
            throws GitHubAppException {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(request, "request");
        synchronized (reopening) {
            TokenSession existing = open.get(sessionId);
            if (existing != null) {
                return existing;
            }
            TokenSession session = openToken(sessionId, source, request, maximumWait).session();
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
     * @throws IllegalArgumentException when the repository or the credential's defaults cannot narrow a token, or go
     *     beyond the credential's ceiling
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
        AppNarrowing narrowing = withinCeiling(app,
                target == null ? app.defaultRepositories() : List.of(target), app.defaultPermissions());
        List<String> repositories = inspectedRepositories(narrowing);
        try (TokenLease lease = installationTokens.lease(
                app.app(), new TokenRequest(narrowing.installation(), narrowing.narrowing()))) {
            return inspector.inspect(appInspection(app, narrowing, lease, lease.token(),
                    repositories.isEmpty() ? null : repositories.get(0), needs));
        }
    }

    /** The open session with this ID, if it is still open. */
    public Optional<TokenSession> find(String sessionId) {
        return sessionId == null ? Optional.empty() : Optional.ofNullable(open.get(sessionId));
    }

    /** The HTTP client these sessions reach their hosts with, for other host calls of the controller (rotation). */
    public HostHttpClient http() {
        return http;
    }

    /** The inspector behind {@link #verify}, for the periodic health check's cheap probe. */
    public TokenInspector inspector() {
        return inspector;
    }

    /** The GitHub App token cache, for the health check's installation lookup (which mints nothing). */
    public InstallationTokens installationTokens() {
        return installationTokens;
    }

    /** The sessions open now, for periodic token renewal ({@link TokenSession#renewIfDue()}). */
    public Collection<TokenSession> openSessions() {
        return List.copyOf(open.values());
    }

    /** @param maximumWait how long to wait for GitHub to mint; null: as long as the HTTP client's timeouts allow */
    private OpenedToken openToken(String sessionId, TokenSource source, SessionRequest request, Duration maximumWait)
            throws GitHubAppException {
        requireUsernameVariableIsNoTokenVariable(source.endpoint(), request);
        return source instanceof TokenSource.StoredToken stored
                ? openStored(sessionId, stored, request)
                : openApp(sessionId, (TokenSource.GitHubAppInstallation) source, request, maximumWait);
    }

    /**
     * A session just opened, the repositories its preflight checks (empty: the token alone), and how to inspect its
     * token on one of them (null: on none).
     */
    private record OpenedToken(TokenSession session, List<String> repositories,
            BiFunction<String, Requirements, InspectionRequest> inspection) {}

    /** One inspection per repository, all of them even once one fails, so the failure names every gap at once. */
    private List<InspectionReport> preflight(OpenedToken opened, Requirements required) {
        if (opened.repositories().isEmpty()) {
            return List.of(inspector.inspect(opened.inspection().apply(null, required)));
        }
        List<InspectionReport> reports = new ArrayList<>();
        for (String repository : opened.repositories()) {
            reports.add(inspector.inspect(opened.inspection().apply(repository, required)));
        }
        return reports;
    }

    private OpenedToken openStored(String sessionId, TokenSource.StoredToken stored, SessionRequest request) {
        if (!request.permissions().isEmpty()) {
            throw new IllegalArgumentException("permissions narrow GitHub App tokens only, but this credential holds "
                    + "a fixed " + stored.kind().displayName() + " for " + stored.endpoint().kind().displayName()
                    + ". Remove permissions from the step, and limit the token itself where it is created on "
                    + stored.endpoint().hostName() + ".");
        }
        List<String> repositories = request.repositories().stream().distinct().toList();
        requireRepositoryForms(stored.endpoint(), repositories);
        HostEndpoint endpoint = stored.endpoint();
        Function<SecretText, GitLogin> login =
                token -> HostCatalog.gitLogin(endpoint.kind(), stored.kind(), token, stored.username());
        TokenSession session = new TokenSession(sessionId, endpoint, stored.kind(), request, stored.token(), login,
                null, clock, () -> open.remove(sessionId));
        return new OpenedToken(session, repositories,
                (repository, required) -> storedInspection(stored, repository, required));
    }

    private OpenedToken openApp(String sessionId, TokenSource.GitHubAppInstallation app, SessionRequest request,
            Duration maximumWait) throws GitHubAppException {
        AppNarrowing narrowing = narrowingFor(app, request);
        TokenRequest tokenRequest = new TokenRequest(narrowing.installation(), narrowing.narrowing());
        TokenLease lease = maximumWait == null
                ? installationTokens.lease(app.app(), tokenRequest)
                : installationTokens.lease(app.app(), tokenRequest, maximumWait);
        try {
            SecretText token = lease.token();
            TokenSession session = new TokenSession(sessionId, app.endpoint(), TokenKind.GITHUB_INSTALLATION, request,
                    token, t -> new GitLogin.Basic(INSTALLATION_TOKEN_USERNAME, t), lease, clock,
                    () -> open.remove(sessionId));
            return new OpenedToken(session, inspectedRepositories(narrowing),
                    (repository, required) -> appInspection(app, narrowing, lease, token, repository, required));
        } catch (RuntimeException e) {
            lease.release();
            throw e;
        }
    }

    private static AppNarrowing narrowingFor(TokenSource.GitHubAppInstallation app, SessionRequest request) {
        return withinCeiling(app,
                request.repositories().isEmpty() ? app.defaultRepositories() : request.repositories(),
                request.permissions().isEmpty() ? app.defaultPermissions() : request.permissions());
    }

    /**
     * The narrowing for these repositories and permissions, refused before anything is sent to GitHub when it goes
     * beyond the credential's ceiling. With no permissions asked for (by the job or the credential's defaults), a
     * ceiling that limits permissions is itself what is asked for: an unnarrowed token would carry everything.
     *
     * @throws IllegalArgumentException naming everything that exceeds the ceiling
     */
    private static AppNarrowing withinCeiling(TokenSource.GitHubAppInstallation app, List<String> repositories,
            Map<String, String> permissions) {
        PermissionCeiling ceiling = app.ceiling();
        AppNarrowing narrowing = AppNarrowing.resolve(app.installationId(), app.owner(), repositories,
                ceiling.permissionsToRequest(permissions));
        ceiling.require(narrowing.owner(), narrowing.narrowing().repositories(), narrowing.narrowing().permissions());
        return narrowing;
    }

    /** Every entry written as the host names repositories, checked before anything is called. */
    private static void requireRepositoryForms(HostEndpoint endpoint, List<String> repositories) {
        List<String> problems = new ArrayList<>();
        for (String repository : repositories) {
            try {
                TokenInspector.requireRepositoryForm(endpoint.kind(), repository);
            } catch (IllegalArgumentException badForm) {
                problems.add(badForm.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("repositories lists the " + endpoint.kind().displayName()
                    + " repositories the block works on: " + String.join(" ", problems));
        }
    }

    /**
     * The repositories an installation token's preflight checks: those it was narrowed to, as {@code owner/name};
     * none (the token alone) when it reaches all of the installation's or their owner is unknown.
     */
    private static List<String> inspectedRepositories(AppNarrowing narrowing) {
        return narrowing.owner() == null ? List.of() : narrowing.withOwner(narrowing.narrowing().repositories());
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
     * Inspects an installation token on one repository (or none); the grant GitHub answered the mint with tells what
     * the token may do, as no API call can.
     */
    private static InspectionRequest appInspection(TokenSource.GitHubAppInstallation app, AppNarrowing narrowing,
            TokenLease lease, SecretText token, String repository, Requirements required) {
        List<String> granted = narrowing.withOwner(lease.repositories());
        return InspectionRequest.builder(app.endpoint(), token)
                .tokenKind(TokenKind.GITHUB_INSTALLATION)
                .repository(repository)
                .required(required)
                .installationGrant(new InstallationGrant(
                        lease.permissions(), lease.repositorySelection(), granted, lease.expiresAt()))
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
