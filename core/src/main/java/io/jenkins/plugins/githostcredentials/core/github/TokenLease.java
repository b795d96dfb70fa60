package io.jenkins.plugins.githostcredentials.core.github;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The right to use an installation token until {@link #release()}. Leases on the same cache entry share one token.
 * Every token a lease was given, including replacements from {@link #currentToken()}, is let go on release, and
 * revoked on GitHub, in the background, once no other lease holds it (after the cache's linger, unless the app reuses
 * tokens). Release never waits for GitHub.
 *
 * <p>Thread-safe. Release is idempotent. {@link #toString()} never shows a token.
 */
public final class TokenLease implements AutoCloseable {

    /** A lease asks for a replacement at most this many times after the host rejected its token. */
    private static final int MAX_REJECTIONS = 1;

    private final InstallationTokens owner;
    private final InstallationTokens.TokenKey key;
    private final List<SharedToken> held = new ArrayList<>();
    private int rejections;
    private boolean released;

    TokenLease(InstallationTokens owner, InstallationTokens.TokenKey key, SharedToken first) {
        this.owner = owner;
        this.key = key;
        this.held.add(first);
    }

    /** The token this lease holds now (the one it was given, or the latest replacement). */
    public synchronized SecretText token() {
        return latest().token.token();
    }

    /** When {@link #token()} expires, by GitHub's clock. */
    public synchronized Instant expiresAt() {
        return latest().token.expiresAt();
    }

    /** What {@link #token()} was granted (name to level). */
    public synchronized Map<String, String> permissions() {
        return latest().token.permissions();
    }

    /** "all" or "selected". */
    public synchronized String repositorySelection() {
        return latest().token.repositorySelection();
    }

    /** The repositories {@link #token()} reaches when narrowed; empty when it reaches all of the installation's. */
    public synchronized List<String> repositories() {
        return latest().token.repositories();
    }

    public long installationId() {
        return key.installationId();
    }

    public GitHubApp app() {
        return key.app();
    }

    /**
     * A token that is valid now and for at least the cache's minimum remaining lifetime: the held one while it
     * qualifies, else a replacement (shared with other leases where possible) that this lease also holds and lets go
     * on release. Long builds call this whenever they need the token instead of keeping {@link #token()}.
     *
     * @throws GitHubAppException when a replacement cannot be minted, or GitHub rejected the replacement too
     * @throws IllegalStateException after {@link #release()}
     */
    public SecretText currentToken() throws GitHubAppException {
        synchronized (this) {
            ensureNotReleased();
            SharedToken latest = latest();
            if (owner.stillGood(latest)) {
                return latest.token.token();
            }
            if (latest.isRejected() && rejections > MAX_REJECTIONS) {
                throw new GitHubAppException(Problem.TOKEN_REJECTED, 401, "GitHub rejected a freshly minted token for "
                        + "installation " + key.installationId() + " again. The installation may have been suspended or "
                        + "removed, or its permissions changed: check the installation's settings on "
                        + key.app().api().hostName() + ".");
            }
        }
        SharedToken replacement = owner.acquire(key, InstallationTokens.Wait.HTTP_TIMEOUTS_ONLY);
        synchronized (this) {
            if (released) {
                owner.release(replacement);
                throw new IllegalStateException("This token lease was released while a new token was minted for it.");
            }
            held.add(replacement);
            return replacement.token.token();
        }
    }

    /**
     * Like {@link #currentToken()}, for a token handed to a client that cannot report a rejection itself (a git
     * checkout through a username/password credential): when GitHub last accepted the token more than
     * {@code trustFor} ago (it was minted or checked), asks GitHub first, with one cheap call
     * ({@code GET /installation/repositories?per_page=1}, which every installation token may make). If GitHub answers
     * 401, the token is {@link #reportRejected() rejected} and a replacement is minted, once. When GitHub gives no
     * verdict (5xx, timeout), the token is handed out as before: an outage is no sign that the token is bad.
     *
     * @throws GitHubAppException as {@link #currentToken()}
     * @throws IllegalStateException after {@link #release()}
     */
    public SecretText confirmedToken(Duration trustFor) throws GitHubAppException {
        Objects.requireNonNull(trustFor, "trustFor");
        SecretText token = currentToken();
        SharedToken checked;
        synchronized (this) {
            checked = latest();
        }
        if (!checked.token.token().equals(token) || owner.confirm(checked, trustFor)) {
            return token;
        }
        synchronized (this) {
            if (latest() != checked) {
                return latest().token.token(); // another thread replaced it meanwhile
            }
        }
        reportRejected();
        return currentToken();
    }

    /**
     * Tells the cache the host answered HTTP 401 to this lease's current token: it is never handed out again and the
     * next {@link #currentToken()} mints a replacement (once; a second rejection is reported as an error).
     */
    public void reportRejected() {
        SharedToken latest;
        synchronized (this) {
            if (released) {
                return;
            }
            latest = latest();
            rejections++;
        }
        owner.reject(latest);
    }

    /** Lets go of every token this lease holds; the last holder of a token revokes it. Safe to call twice. */
    public void release() {
        List<SharedToken> toRelease;
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            toRelease = new ArrayList<>(held);
        }
        toRelease.forEach(owner::release);
    }

    /** Same as {@link #release()}, for try-with-resources. */
    @Override
    public void close() {
        release();
    }

    public synchronized boolean isReleased() {
        return released;
    }

    private SharedToken latest() {
        return held.get(held.size() - 1);
    }

    private void ensureNotReleased() {
        if (released) {
            throw new IllegalStateException("This token lease was already released; lease a new token.");
        }
    }

    @Override
    public synchronized String toString() {
        return "TokenLease[installation " + key.installationId() + " at " + key.app().api().apiBaseUrl()
                + ", token=****, expiresAt=" + latest().token.expiresAt() + ", repositories="
                + (key.narrowing().repositories().isEmpty() ? "all" : key.narrowing().repositories())
                + ", permissions=" + (key.narrowing().permissions().isEmpty() ? "all" : key.narrowing().permissions())
                + (released ? ", released" : "") + "]";
    }
}
