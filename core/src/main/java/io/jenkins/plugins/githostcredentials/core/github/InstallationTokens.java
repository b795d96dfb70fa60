package io.jenkins.plugins.githostcredentials.core.github;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException.Problem;
import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The installation tokens of every GitHub App on one controller: minted on demand, shared, cached and revoked.
 * Hold one instance for the whole controller.
 *
 * <ul>
 *   <li>Tokens are cached per (app, API base, installation, repositories, permissions). Concurrent callers for the
 *       same entry share one in-flight mint.
 *   <li>A token is handed out only while it has at least
 *       {@link TokenCacheSettings#minimumRemainingLifetime()} to live; a replacement is minted
 *       {@link TokenCacheSettings#refreshAhead()} before that, and if minting it fails the still-valid token keeps
 *       being served.
 *   <li>Every token is handed out inside a {@link TokenLease}. With {@link TokenPolicy#REVOKE_WHEN_RELEASED} a token is
 *       revoked on GitHub {@link TokenCacheSettings#linger()} after its last lease is released, unless a new lease on
 *       the same entry takes it back before; with {@link TokenPolicy#REUSE_UNTIL_EXPIRY} it stays cached for later
 *       leases and is revoked only once it is replaced or dropped and nobody holds it.
 *   <li>At most {@link TokenCacheSettings#maximumTokens()} entries are kept; the least recently used goes first, and
 *       a token still leased is never revoked by that.
 * </ul>
 *
 * <p>Revocations never run on a caller's thread: they are handed to two background threads, each call bounded by a
 * timeout within which 5xx and 429 answers are retried as GitHub asks, so a slow or failing GitHub never delays a
 * release. Tokens already expired are not sent. Every minted token is noted in a {@link RevocationJournal} until it is
 * revoked or expired, so that one left valid by a restart is revoked after it ({@link #revokeRecorded}).
 */
public final class InstallationTokens implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(InstallationTokens.class.getName());

    /** After a failed refresh, how long the still-valid token is served before minting is tried again. */
    static final Duration REFRESH_RETRY_PAUSE = Duration.ofMinutes(1);

    /** How long {@link #close()} waits for the revocations it started and those still queued. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** How long a check of a reused token ({@link TokenLease#confirmedToken}) waits for GitHub. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    private final GitHubAppApi api;
    private final Clock clock;
    private final TokenCacheSettings settings;
    private final Revocations revocations;
    /** A token with less than this left to live gets a replacement minted: the minimum lifetime plus refreshAhead. */
    private final Duration refreshPoint;

    private final BoundedCache<TokenKey, Slot> slots;
    /** Owner or repository to installation ID. */
    private final BoundedCache<LookupKey, Long> installationIds;
    private final Map<LookupKey, CompletableFuture<Long>> lookupsInFlight = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param http the controller's HTTP client (timeouts, proxy, retries: revocations are retried as it is configured
     *     to, within {@link Revocations#CALL_TIMEOUT})
     * @param clock the local clock; GitHub's clock offset is learnt from its answers and added to it
     * @param journal where minted tokens are noted until revoked; {@link RevocationJournal#IN_MEMORY_ONLY} to keep
     *     nothing across restarts
     */
    public InstallationTokens(HostHttpClient http, Clock clock, TokenCacheSettings settings,
            RevocationJournal journal) {
        this(http, clock, settings, journal, Background.threads());
    }

    InstallationTokens(HostHttpClient http, Clock clock, TokenCacheSettings settings, RevocationJournal journal,
            Background background) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.api = new GitHubAppApi(Objects.requireNonNull(http, "http"), clock);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.revocations = new Revocations(api, Objects.requireNonNull(journal, "journal"),
                Objects.requireNonNull(background, "background"));
        this.refreshPoint = settings.minimumRemainingLifetime().plus(settings.refreshAhead());
        this.slots = new BoundedCache<>(settings.maximumTokens());
        this.installationIds = new BoundedCache<>(settings.maximumInstallationLookups());
    }

    /**
     * Hands out a token for {@code request}: a cached one when it still has the minimum lifetime, else a fresh one.
     * Release the lease (try-with-resources) when done with the token. Waits for GitHub as long as the HTTP client's
     * timeouts and retries allow; see {@link #lease(GitHubApp, TokenRequest, Duration)} to bound that.
     *
     * @throws GitHubAppException with a message saying what to fix (app not installed, permission not granted, ...)
     * @throws IllegalStateException after {@link #close()}
     */
    public TokenLease lease(GitHubApp app, TokenRequest request) throws GitHubAppException {
        return lease(app, request, Wait.HTTP_TIMEOUTS_ONLY);
    }

    /**
     * As {@link #lease(GitHubApp, TokenRequest)}, but waits for GitHub (installation lookup, minting, retries, or
     * another caller's mint of the same token) at most {@code maximumWait} in all. A cached token is handed out at
     * once.
     *
     * @throws GitHubAppException also when the wait ran out ({@link Problem#HOST_UNAVAILABLE}), saying what GitHub
     *     did meanwhile: no answer within the time left, or which status it kept answering
     */
    public TokenLease lease(GitHubApp app, TokenRequest request, Duration maximumWait) throws GitHubAppException {
        Objects.requireNonNull(maximumWait, "maximumWait");
        if (maximumWait.isNegative() || maximumWait.isZero()) {
            throw new IllegalArgumentException("maximumWait must be positive, got " + maximumWait);
        }
        return lease(app, request, new Wait(api.deadlineAfter(maximumWait), maximumWait));
    }

    private TokenLease lease(GitHubApp app, TokenRequest request, Wait wait) throws GitHubAppException {
        ensureOpen();
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(request, "request");
        TokenKey key = new TokenKey(app, installationId(app, request.installation(), wait), request.narrowing());
        SharedToken token;
        try {
            token = acquire(key, wait);
        } catch (GitHubAppException e) {
            if (e.problem() != Problem.NOT_INSTALLED || request.installation() instanceof InstallationLocator.ById) {
                throw e;
            }
            // the app was uninstalled and installed again under a new ID since the lookup was cached
            forgetInstallationId(app, request.installation());
            key = new TokenKey(app, installationId(app, request.installation(), wait), request.narrowing());
            token = acquire(key, wait);
        }
        return new TokenLease(this, key, token);
    }

    /**
     * Revokes, in the background, tokens a journal recorded before a restart and nobody can be using any more; those
     * already expired are only forgotten. Call once at start-up with {@link RevocationJournal#recorded()}, before
     * the first lease. Returns at once.
     */
    public void revokeRecorded(Collection<PendingRevocation> recorded) {
        recorded.forEach(revocations::revokeSoon);
    }

    /**
     * Finds an installation and reads what it was granted, for verification screens. Always asks GitHub; the ID is
     * remembered for later leases.
     */
    public Installation findInstallation(GitHubApp app, InstallationLocator locator) throws GitHubAppException {
        ensureOpen();
        Installation installation = api.findInstallation(app, locator, null);
        if (!(locator instanceof InstallationLocator.ById)) {
            rememberInstallationId(new LookupKey(app, locator), installation.id());
        }
        return installation;
    }

    /**
     * The host rejected this token (HTTP 401) although it should be valid: it is never handed out again, and the next
     * lease or {@link TokenLease#currentToken()} mints a replacement.
     */
    public void invalidate(SecretText token) {
        for (Slot slot : slots.values()) {
            SharedToken current = slot.current;
            if (current != null && current.token.token().equals(token)) {
                reject(current);
            }
        }
    }

    /** How many cache entries are held (at most {@link TokenCacheSettings#maximumTokens()}). */
    public int size() {
        return slots.size();
    }

    public TokenCacheSettings settings() {
        return settings;
    }

    /**
     * Stops handing out tokens, revokes every cached token nobody holds (lingering ones too) and waits up to
     * {@link #CLOSE_WAIT} for the revocations under way; those that do not finish stay in the journal. Tokens still
     * leased are revoked, at once, when their leases are released.
     */
    @Override
    public void close() {
        closed = true;
        slots.clear().forEach(this::evict);
        installationIds.clear();
        if (!revocations.awaitFinished(CLOSE_WAIT)) {
            LOGGER.log(Level.WARNING, "GitHub did not finish revoking every installation token within {0} seconds of "
                    + "shutting down; the journal keeps what is left for the next start", CLOSE_WAIT.toSeconds());
        }
    }

    // ---- used by TokenLease ----

    /** Whether the lease may keep using this token rather than asking for a newer one. */
    boolean stillGood(SharedToken token) {
        return token.servable(api.githubNow(token.app), settings.minimumRemainingLifetime());
    }

    void release(SharedToken token) {
        if (!token.release(clock.instant())) {
            return; // still held
        }
        boolean revokeWhenIdle = token.app.tokenPolicy() == TokenPolicy.REVOKE_WHEN_RELEASED;
        if (token.isRetired() || (revokeWhenIdle && (closed || settings.linger().isZero()))) {
            revokeIfIdle(token);
        } else if (revokeWhenIdle && token.claimLingerCheck()) {
            revocations.later(settings.linger(), () -> endLinger(token));
        }
    }

    /**
     * The token's linger may be over: revoke it if it has been idle for the whole linger, else look again when the
     * linger since its latest release is over. A lease taken meanwhile makes the revocation claim fail.
     */
    private void endLinger(SharedToken token) {
        Instant due = token.idleSince().plus(settings.linger());
        Instant now = clock.instant();
        if (now.isBefore(due) && !closed) {
            revocations.later(Duration.between(now, due), () -> endLinger(token));
            return;
        }
        token.endLingerCheck();
        revokeIfIdle(token);
    }

    private void revokeIfIdle(SharedToken token) {
        if (token.claimRevocation()) {
            detach(token);
            revocations.revokeSoon(token.revocation());
        }
    }

    /**
     * Whether {@code token} may be handed out again: true when GitHub accepted it within {@code trustFor}, or accepts
     * it now, or gives no verdict; false when GitHub answers 401 (the caller then {@link #reject rejects} it).
     */
    boolean confirm(SharedToken token, Duration trustFor) {
        Instant now = clock.instant();
        if (Duration.between(token.confirmedAt(), now).compareTo(trustFor) < 0) {
            return true;
        }
        return switch (api.check(token.app, token.token, api.deadlineAfter(CHECK_TIMEOUT))) {
            case ACCEPTED -> {
                token.confirmed(now);
                yield true;
            }
            case REJECTED -> false;
            case UNKNOWN -> true; // an outage is no sign that the token is bad
        };
    }

    void reject(SharedToken token) {
        token.markRejected();
        LOGGER.log(Level.FINE, "A token of installation {0} was rejected by the host; it will not be handed out again",
                token.token.installationId());
        Slot slot = token.slot;
        boolean revokeNow;
        synchronized (slot) {
            if (slot.current == token) {
                slot.current = null;
            }
            revokeNow = token.retire();
        }
        if (revokeNow) {
            revocations.revokeSoon(token.revocation());
        }
    }

    /**
     * A lease on a token for {@code key}: the cached one if it is still good, else one minted now (by this thread or
     * by another thread that is already minting for the same key).
     */
    SharedToken acquire(TokenKey key, Wait wait) throws GitHubAppException {
        ensureOpen();
        while (true) {
            Slot slot = slots.getOrCreate(key, Slot::new, this::evict);
            SharedToken cached = leaseWithoutLocking(key.app(), slot);
            if (cached != null) {
                return cached;
            }
            Flight flight;
            SharedToken fallback = null;
            SharedToken stale = null;
            boolean mintHere;
            synchronized (slot) {
                Instant now = api.githubNow(key.app());
                SharedToken current = slot.current;
                if (current != null && !current.servable(now, settings.minimumRemainingLifetime())) {
                    slot.current = null;
                    stale = current;
                    current = null;
                }
                if (current != null) {
                    boolean refreshDue = slot.flight == null
                            && !now.isBefore(slot.refreshNotBefore)
                            && current.remaining(now).compareTo(refreshPoint) < 0;
                    if (!current.tryAcquire()) {
                        slot.current = null; // revoked by its last release a moment ago
                        continue;
                    }
                    if (!refreshDue) {
                        return current;
                    }
                    fallback = current;
                    flight = slot.flight = new Flight();
                    mintHere = true;
                } else if (slot.flight != null) {
                    flight = slot.flight;
                    flight.waiters++;
                    mintHere = false;
                } else {
                    flight = slot.flight = new Flight();
                    mintHere = true;
                }
            }
            if (stale != null && stale.retire()) {
                revocations.revokeSoon(stale.revocation());
            }
            return mintHere ? mint(key, slot, flight, fallback, wait) : await(flight, key, wait);
        }
    }

    /**
     * The common case, without taking a lock: the entry's token is good for longer than the refresh point. Anything
     * else (no token, refresh due, token too old or revoked meanwhile) is decided under the entry's lock.
     */
    private SharedToken leaseWithoutLocking(GitHubApp app, Slot slot) {
        SharedToken current = slot.current;
        if (current == null) {
            return null;
        }
        if (current.servable(api.githubNow(app), refreshPoint) && current.tryAcquire()) {
            return current;
        }
        return null;
    }

    // ---- minting ----

    private SharedToken mint(TokenKey key, Slot slot, Flight flight, SharedToken fallback, Wait wait)
            throws GitHubAppException {
        InstallationToken minted;
        try {
            minted = api.mint(key.app(), key.installationId(), key.narrowing(), wait.deadline());
        } catch (GitHubAppException | RuntimeException e) {
            synchronized (slot) {
                slot.flight = null;
                if (fallback != null) {
                    slot.refreshNotBefore = api.githubNow(key.app()).plus(REFRESH_RETRY_PAUSE);
                }
            }
            flight.result.completeExceptionally(e);
            if (fallback != null) {
                LOGGER.log(Level.WARNING, "Could not refresh the token of installation {0} ahead of time; the current "
                        + "token stays in use until {1}: {2}", new Object[] {key.installationId(),
                                fallback.token.expiresAt(), e.getMessage()});
                return fallback;
            }
            throw e;
        }
        revocations.record(PendingRevocation.of(key.app(), minted));
        Duration lifetime = Duration.between(api.githubNow(key.app()), minted.expiresAt());
        if (lifetime.compareTo(settings.minimumRemainingLifetime()) < 0) {
            LOGGER.log(Level.WARNING, "GitHub minted a token for installation {0} that lives only {1} minutes, less "
                    + "than the configured minimum of {2}", new Object[] {key.installationId(), lifetime.toMinutes(),
                            settings.minimumRemainingLifetime().toMinutes()});
        }
        SharedToken fresh;
        SharedToken replaced;
        boolean revokeReplaced = false;
        boolean slotEvicted;
        synchronized (slot) {
            // one lease for this thread and one for each thread that waited on this mint
            fresh = new SharedToken(key.app(), minted, slot, 1 + flight.waiters, clock.instant());
            replaced = slot.current;
            slot.current = fresh;
            slot.flight = null;
            slotEvicted = slot.evicted;
            if (replaced != null && replaced != fresh) {
                revokeReplaced = replaced.retire();
            }
        }
        if (slotEvicted) {
            // the entry was dropped from the cache while minting: whoever holds the token releases it for good
            fresh.retire();
        }
        flight.result.complete(fresh);
        if (revokeReplaced) {
            revocations.revokeSoon(replaced.revocation());
        }
        if (fallback != null) {
            release(fallback);
        }
        return fresh;
    }

    private SharedToken await(Flight flight, TokenKey key, Wait wait) throws GitHubAppException {
        try {
            if (wait.deadline() == null) {
                return flight.result.get();
            }
            return flight.result.get(api.nanosUntil(wait.deadline()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // a lease was already counted for this thread: give it back when the mint completes
            flight.result.thenAccept(this::release);
            throw new GitHubAppException(Problem.HOST_UNAVAILABLE, 0, "GitHub at " + key.app().api().apiBaseUrl()
                    + " did not mint a token for installation " + key.installationId() + " within the "
                    + wait.maximumWait().toMillis() + " ms allowed: it has not yet answered another build's request "
                    + "for the same token. This is usually temporary: try again in a few minutes.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            flight.result.thenAccept(this::release);
            throw new GitHubAppException(Problem.HOST_UNAVAILABLE, 0, "Interrupted while waiting for GitHub to mint "
                    + "an installation token.", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof GitHubAppException failure) {
                // a new exception per waiting thread, so each stack trace shows its own caller
                throw new GitHubAppException(failure.problem(), failure.status(), failure.getMessage(), failure);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }

    // ---- entries ----

    /** Drops an entry's token from the cache; it is revoked now if nobody holds it, else on its last release. */
    private void evict(Slot slot) {
        SharedToken current;
        boolean revokeNow = false;
        synchronized (slot) {
            slot.evicted = true;
            current = slot.current;
            slot.current = null;
            if (current != null) {
                revokeNow = current.retire();
            }
        }
        if (revokeNow) {
            revocations.revokeSoon(current.revocation());
        }
    }

    private void detach(SharedToken token) {
        synchronized (token.slot) {
            if (token.slot.current == token) {
                token.slot.current = null;
            }
        }
    }

    // ---- installation IDs ----

    private long installationId(GitHubApp app, InstallationLocator locator, Wait wait) throws GitHubAppException {
        if (locator instanceof InstallationLocator.ById byId) {
            return byId.installationId();
        }
        LookupKey key = new LookupKey(app, locator);
        Long known = installationIds.get(key);
        if (known != null) {
            return known;
        }
        CompletableFuture<Long> mine = new CompletableFuture<>();
        CompletableFuture<Long> running = lookupsInFlight.putIfAbsent(key, mine);
        if (running != null) {
            return awaitLookup(running, locator, wait);
        }
        try {
            long id = api.findInstallation(app, locator, wait.deadline()).id();
            rememberInstallationId(key, id);
            mine.complete(id);
            return id;
        } catch (GitHubAppException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            lookupsInFlight.remove(key, mine);
        }
    }

    private long awaitLookup(CompletableFuture<Long> running, InstallationLocator locator, Wait wait)
            throws GitHubAppException {
        try {
            if (wait.deadline() == null) {
                return running.get();
            }
            return running.get(api.nanosUntil(wait.deadline()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new GitHubAppException(Problem.HOST_UNAVAILABLE, 0, "GitHub did not answer the lookup of "
                    + locator.describe() + " within the " + wait.maximumWait().toMillis() + " ms allowed (another "
                    + "build asked first and is still waiting). This is usually temporary: try again in a few minutes.",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubAppException(Problem.HOST_UNAVAILABLE, 0, "Interrupted while looking up an installation.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GitHubAppException failure) {
                throw new GitHubAppException(failure.problem(), failure.status(), failure.getMessage(), failure);
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void rememberInstallationId(LookupKey key, long id) {
        installationIds.put(key, id);
    }

    private void forgetInstallationId(GitHubApp app, InstallationLocator locator) {
        installationIds.remove(new LookupKey(app, locator));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The GitHub App token service was shut down.");
        }
    }

    /**
     * How long a caller waits for GitHub: a deadline by the HTTP client's clock and the duration it came from, for
     * messages; both null when only the HTTP client's timeouts apply.
     */
    record Wait(Instant deadline, Duration maximumWait) {
        static final Wait HTTP_TIMEOUTS_ONLY = new Wait(null, null);
    }

    /** What one cache entry is for. */
    record TokenKey(GitHubApp app, long installationId, Narrowing narrowing) {}

    private record LookupKey(GitHubApp app, InstallationLocator locator) {}

    /**
     * One cache entry: the token it currently hands out and the mint in progress, if any. Fields are written under
     * the slot's lock; {@link #current} is also read without it on the fast path.
     */
    static final class Slot {
        private volatile SharedToken current;
        private Flight flight;
        private Instant refreshNotBefore = Instant.MIN;
        private boolean evicted;
    }

    /** A mint in progress, with the number of other threads waiting for its token. Guarded by its slot. */
    private static final class Flight {
        final CompletableFuture<SharedToken> result = new CompletableFuture<>();
        int waiters;
    }
}
