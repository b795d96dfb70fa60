package io.jenkins.plugins.githostcredentials.core.session;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.git.GitCredentialEnvironment;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException;
import io.jenkins.plugins.githostcredentials.core.github.TokenLease;
import io.jenkins.plugins.githostcredentials.core.host.GitLogin;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One use of a credential by one build block: the token it hands out, the environment the block runs with, the
 * secret values to mask, and, for a GitHub App, the lease on the minted token. Open it with
 * {@link TokenSessions#open}; {@link #close()} it when the block ends, however it ends.
 *
 * <p>A GitHub App session keeps working past the life of one installation token: {@link #renewIfDue()}, called
 * periodically, swaps in a fresh token shortly before the held one expires; {@link #environment} and
 * {@link #token()} always give the latest, and {@link #secretValues()} keeps every token the session handed out,
 * so each stays masked.
 *
 * <p>Thread-safe. {@link #toString()} never shows a secret.
 */
public final class TokenSession implements AutoCloseable {

    /** A GitHub App token is replaced once it has less than this to live (tokens live 60 minutes). */
    static final Duration RENEWAL_MARGIN = Duration.ofMinutes(10);

    private final String id;
    private final HostEndpoint endpoint;
    private final TokenKind tokenKind;
    private final SessionRequest request;
    /** The git username, or null when git sends the token as a bearer header. */
    private final String gitUsername;
    private final Function<SecretText, GitLogin> loginForToken;
    private final TokenLease lease;
    private final Clock clock;
    private final Runnable onClose;

    private final List<SecretText> tokens = new ArrayList<>();
    private final List<MintedToken> minted = new ArrayList<>();
    private List<InspectionReport> preflight = List.of();
    private boolean closed;

    TokenSession(String id, HostEndpoint endpoint, TokenKind tokenKind, SessionRequest request, SecretText firstToken,
            Function<SecretText, GitLogin> loginForToken, TokenLease lease, Clock clock, Runnable onClose) {
        this.id = Objects.requireNonNull(id, "id");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.tokenKind = Objects.requireNonNull(tokenKind, "tokenKind");
        this.request = Objects.requireNonNull(request, "request");
        this.loginForToken = Objects.requireNonNull(loginForToken, "loginForToken");
        this.lease = lease;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onClose = Objects.requireNonNull(onClose, "onClose");
        GitLogin login = loginForToken.apply(firstToken);
        this.gitUsername = login instanceof GitLogin.Basic basic ? basic.username() : null;
        record(firstToken);
    }

    /** Identifies this session among the controller's open sessions ({@link TokenSessions#find}). Not a secret. */
    public String id() {
        return id;
    }

    public HostEndpoint endpoint() {
        return endpoint;
    }

    public TokenKind tokenKind() {
        return tokenKind;
    }

    public SessionRequest request() {
        return request;
    }

    /** The git username git uses with the token, or empty when git sends the token as a bearer header. */
    public Optional<String> gitUsername() {
        return Optional.ofNullable(gitUsername);
    }

    /** Whether the token is a GitHub App installation token this session renews as it nears expiry. */
    public boolean renewsToken() {
        return lease != null;
    }

    /** The token to use now: for a GitHub App, the latest one {@link #renewIfDue()} obtained. */
    public synchronized SecretText token() {
        return tokens.get(tokens.size() - 1);
    }

    /**
     * The variables for a build block that inherits {@code inheritedEnvironment}: the token variable, the username
     * variable (absent when git sends the token as a bearer header), the host tools' variables (see
     * {@link SessionVariables}) and git's credential configuration for this host only, in
     * {@code GIT_CONFIG_PARAMETERS} (see {@link GitCredentialEnvironment#forLogin}; no variable is
     * empty, as Jenkins' launchers drop empty ones). Uses the latest token; never calls the network.
     *
     * @param inheritedEnvironment the environment the block would otherwise have; git's configuration is appended
     *     to any {@code GIT_CONFIG_PARAMETERS} in it
     */
    public SessionEnvironment environment(Map<String, String> inheritedEnvironment) {
        return environment(inheritedEnvironment, null);
    }

    /**
     * Like {@link #environment(Map)}, but for a session that {@link #renewsToken() renews its token} git reads the
     * token from {@code tokenFile} each time it needs it, so a single long step keeps authenticating after the
     * token it started with is replaced. The caller writes {@link #token()} to that file, rewrites it whenever
     * {@link #renewIfDue()} says the token changed, and deletes it when the block ends. Ignored for stored tokens,
     * which never change.
     *
     * @param tokenFile the token file's path as the build's git sees it, or null to pass the token in a variable
     */
    public SessionEnvironment environment(Map<String, String> inheritedEnvironment, String tokenFile) {
        SecretText token = token();
        Map<String, String> variables = new LinkedHashMap<>();
        Set<String> secretNames = new LinkedHashSet<>();
        variables.put(request.tokenVariable(), token.reveal());
        secretNames.add(request.tokenVariable());
        if (gitUsername != null) {
            variables.put(request.usernameVariable(), gitUsername);
        }
        for (String name : SessionVariables.toolTokenVariables(endpoint)) {
            variables.put(name, token.reveal());
            secretNames.add(name);
        }
        variables.putAll(SessionVariables.toolHostVariables(endpoint));
        GitCredentialEnvironment git = tokenFile != null && renewsToken() && gitUsername != null
                ? GitCredentialEnvironment.readingTokenFile(
                        endpoint.gitOrigin(), gitUsername, tokenFile, inheritedEnvironment)
                : GitCredentialEnvironment.forLogin(
                        endpoint.gitOrigin(), loginForToken.apply(token), inheritedEnvironment);
        variables.putAll(git.variables());
        secretNames.addAll(git.secretVariableNames());
        return new SessionEnvironment(variables, secretNames);
    }

    /**
     * Every secret value this session handed out, in each form a build may print it in: each token, and
     * {@code username:token} (whose base64 form is an HTTP Basic header). Tokens replaced by {@link #renewIfDue()}
     * stay in the set, since a build may still print them.
     */
    public synchronized Set<String> secretValues() {
        Set<String> values = new LinkedHashSet<>();
        for (SecretText token : tokens) {
            values.add(token.reveal());
            if (gitUsername != null) {
                values.add(gitUsername + ":" + token.reveal());
            }
        }
        return values;
    }

    /** What each GitHub App token this session handed out was granted, oldest first; empty for stored tokens. */
    public synchronized List<MintedToken> mintedTokens() {
        return List.copyOf(minted);
    }

    /**
     * For a GitHub App session: once the held token has less than ten minutes to live, obtains a fresh one (from the
     * controller's token cache, minting if needed) and makes it the session's token. Call it every minute or so
     * while the block runs. Does nothing for stored tokens, when the token still has long to live, or once closed.
     *
     * @return true when the token changed: rewrite whatever holds the token outside the session
     * @throws GitHubAppException when a fresh token cannot be minted; the held token stays in use until it expires
     */
    public boolean renewIfDue() throws GitHubAppException {
        synchronized (this) {
            if (lease == null || closed || clock.instant().plus(RENEWAL_MARGIN).isBefore(lease.expiresAt())) {
                return false;
            }
        }
        SecretText fresh;
        try {
            fresh = lease.currentToken();
        } catch (IllegalStateException releasedMeanwhile) {
            return false;
        }
        synchronized (this) {
            if (closed || fresh.equals(token())) {
                return false;
            }
            record(fresh);
            return true;
        }
    }

    /**
     * The token to hand to a client that cannot report a rejection itself (a git checkout through a username/password
     * credential). For a GitHub App session: the session's token when GitHub accepted it within {@code trustFor},
     * else after asking GitHub with one cheap call; if GitHub answers 401, a replacement (minted once) becomes the
     * session's token. See {@link TokenLease#confirmedToken}. For a stored token: {@link #token()}, unchecked.
     *
     * @throws GitHubAppException when the replacement cannot be minted, or GitHub rejects it too
     * @throws IllegalStateException once closed
     */
    public SecretText confirmedToken(Duration trustFor) throws GitHubAppException {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("This session was closed; open a new one.");
            }
            if (lease == null) {
                return token();
            }
        }
        return adopt(lease.confirmedToken(trustFor));
    }

    /**
     * For a GitHub App session: a client using the token (e.g. git through the credential helper) got HTTP 401. The
     * token is never handed out again, by this session or any other, and a replacement (minted once) becomes the
     * session's token. Does nothing for stored tokens, which cannot be replaced.
     *
     * @return true when the token changed: rewrite whatever holds the token outside the session
     * @throws GitHubAppException when the replacement cannot be minted, or GitHub rejects it too
     */
    public boolean replaceRejectedToken() throws GitHubAppException {
        SecretText rejected;
        synchronized (this) {
            if (lease == null || closed) {
                return false;
            }
            rejected = token();
        }
        lease.reportRejected();
        return !adopt(lease.currentToken()).equals(rejected);
    }

    /** Makes {@code fresh} the session's token if it is a new one; returns the session's token. */
    private synchronized SecretText adopt(SecretText fresh) {
        if (!closed && !fresh.equals(token())) {
            record(fresh);
        }
        return token();
    }

    /**
     * The preflight inspections, one per repository the block works on (or one of the token alone, when it named
     * none), in order; empty when it required none. They passed, or the session would not exist.
     */
    public synchronized List<InspectionReport> preflightReports() {
        return preflight;
    }

    synchronized void recordPreflight(List<InspectionReport> reports) {
        this.preflight = List.copyOf(reports);
    }

    /** Whether {@link #close()} was called. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Ends the session: releases the lease on a GitHub App token (the last release has it revoked in the background
     * once the cache's linger is over, unless the app reuses tokens; it never waits for GitHub) and forgets the
     * session. Safe to call more than once, from any thread.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            if (lease != null) {
                lease.release();
            }
        } finally {
            onClose.run();
        }
    }

    private void record(SecretText token) {
        tokens.add(token);
        if (lease != null) {
            minted.add(new MintedToken(lease.installationId(), lease.repositorySelection(), lease.repositories(),
                    lease.permissions(), lease.expiresAt()));
        }
    }

    @Override
    public synchronized String toString() {
        return "TokenSession[" + id + ", " + endpoint.serverUrl() + ", " + tokenKind.id() + ", token=****"
                + (lease != null ? ", tokens handed out=" + tokens.size() : "") + (closed ? ", closed" : "") + "]";
    }
}
