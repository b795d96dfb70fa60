package io.jenkins.plugins.githostcredentials.core.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException.Problem;
import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import io.jenkins.plugins.githostcredentials.core.http.HttpSettings;
import io.jenkins.plugins.githostcredentials.core.http.ProxySettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;

/** Linger, background revocation, the revocation journal, deadlines and the check of reused tokens. */
class TokenCacheRevocationTest extends FakeGitHubTestBase {

    private static final Duration LINGER = TokenCacheSettings.DEFAULT_LINGER;

    // ---- linger ----

    @Test
    void aThousandSequentialBlocksWithinTheLingerShareOneToken() throws Exception {
        tokens = newTokens(TokenCacheSettings.defaults());
        String first = null;
        for (int i = 0; i < 1_000; i++) {
            try (TokenLease lease = tokens.lease(app, org())) {
                first = first == null ? lease.token().reveal() : first;
                assertEquals(first, lease.token().reveal());
            }
            clock.advance(Duration.ofMillis(20)); // 20 s in all: each gap is far shorter than the linger
        }
        assertEquals(1, github.mints.get());
        assertEquals(0, github.revocations.get());
        assertTrue(background.pending() <= 1, "one linger check per token, however often it is released");

        clock.advance(LINGER.minusSeconds(1));
        background.runDue();
        assertFalse(github.isRevoked(first), "not yet a whole linger since the last release");
        clock.advance(Duration.ofSeconds(1));
        background.runDue();
        assertTrue(github.isRevoked(first), "revoked one linger after its last release");
        assertEquals(1, github.revocations.get());
    }

    @Test
    void aLeaseWithinTheLingerTakesTheTokenBackAndTheLingerStartsAgainAtItsRelease() throws Exception {
        tokens = newTokens(TokenCacheSettings.defaults());
        String token;
        try (TokenLease lease = tokens.lease(app, org())) {
            token = lease.token().reveal();
        }
        clock.advance(LINGER.minusSeconds(1));
        background.runDue();
        try (TokenLease lease = tokens.lease(app, org())) {
            assertEquals(token, lease.token().reveal(), "taken back within the linger");
            clock.advance(Duration.ofMinutes(2)); // the build runs longer than the linger: no revocation under it
            background.runDue();
            assertFalse(github.isRevoked(token));
        }
        clock.advance(LINGER.minusSeconds(1));
        background.runDue();
        assertFalse(github.isRevoked(token));
        clock.advance(Duration.ofSeconds(1));
        background.runDue();
        assertTrue(github.isRevoked(token));
        try (TokenLease lease = tokens.lease(app, org())) {
            assertNotEquals(token, lease.token().reveal(), "a revoked token is never handed out again");
        }
        assertEquals(2, github.mints.get());
    }

    @Test
    void aLingeringTokenBelowTheMinimumLifetimeIsRevokedInsteadOfTakenBack() throws Exception {
        tokens = newTokens(new TokenCacheSettings(Duration.ofMinutes(55), Duration.ZERO, 100, 100,
                Duration.ofMinutes(10)));
        String old;
        try (TokenLease lease = tokens.lease(app, org())) {
            old = lease.token().reveal();
        }
        clock.advance(Duration.ofMinutes(6)); // 54 minutes left: below the minimum, still within the linger
        try (TokenLease lease = tokens.lease(app, org())) {
            assertNotEquals(old, lease.token().reveal());
        }
        assertTrue(github.isRevoked(old), "revoked as soon as it was found too old, not at the end of the linger");
    }

    @Test
    void closeRevokesALingeringTokenAtOnce() throws Exception {
        tokens = newTokens(TokenCacheSettings.defaults());
        String token;
        try (TokenLease lease = tokens.lease(app, org())) {
            token = lease.token().reveal();
        }
        tokens.close();
        assertTrue(github.isRevoked(token));
    }

    // ---- background revocation ----

    @Test
    void aHangingRevokeEndpointDelaysNoRelease() throws Exception {
        HostHttpClient impatient = new HostHttpClient(new HttpSettings(Duration.ofSeconds(1), Duration.ofSeconds(1),
                ProxySettings.direct(), "git-host-credentials-test", 1, Duration.ZERO));
        tokens = new InstallationTokens(impatient, clock, AT_ONCE, journal); // the real background threads
        List<TokenRequest> blocks = List.of(org(), narrowedTo("hello-world"), narrowedTo("api"), narrowedTo("web"),
                narrowedTo("infra"));
        for (int i = 0; i < blocks.size(); i++) {
            github.scriptNextRevocation(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        }
        for (TokenRequest block : blocks) {
            TokenLease lease = tokens.lease(app, block);
            long start = System.nanoTime();
            lease.release();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis < 200, "release waited " + tookMillis + " ms for GitHub");
        }
        waitUntil(() -> github.revoked.size() == blocks.size(), "every revocation reached GitHub");

        long start = System.nanoTime();
        tokens.close();
        long closeMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(closeMillis < InstallationTokens.CLOSE_WAIT.toMillis() + 1_000, "close waited " + closeMillis + " ms");
        assertEquals(5, journal.recorded().size(), "unanswered revocations stay recorded for the next start");

        InstallationTokens afterRestart = newTokens(AT_ONCE);
        afterRestart.revokeRecorded(journal.recorded());
        assertTrue(journal.recorded().isEmpty());
        github.minted.forEach(token -> assertTrue(github.isRevoked(token), "revoked after the restart"));
    }

    @Test
    void aServerErrorOnRevocationIsRetried() throws Exception {
        tokens = newTokens(retrying(), AT_ONCE);
        github.scriptNextRevocation(new MockResponse().setResponseCode(503).setBody("{\"message\":\"Service Unavailable\"}"));
        String token;
        try (TokenLease lease = tokens.lease(app, org())) {
            token = lease.token().reveal();
        }
        assertEquals(2, github.revoked.size(), "one 503, then a retry");
        assertTrue(github.isRevoked(token));
        assertTrue(journal.recorded().isEmpty());
    }

    @Test
    void aRateLimitOnRevocationIsRetriedWhenGitHubSays() throws Exception {
        tokens = newTokens(retrying(), AT_ONCE);
        github.scriptNextRevocation(new MockResponse().setResponseCode(429).setHeader("Retry-After", "1")
                .setBody("{\"message\":\"API rate limit exceeded\"}"));
        String token;
        try (TokenLease lease = tokens.lease(app, org())) {
            token = lease.token().reveal();
        }
        assertEquals(2, github.revocationArrivals.size());
        long gapMillis = (github.revocationArrivals.get(1) - github.revocationArrivals.get(0)) / 1_000_000;
        assertTrue(gapMillis >= 900, "retried after " + gapMillis + " ms, though GitHub asked for 1 s");
        assertTrue(github.isRevoked(token));
    }

    // ---- journal ----

    @Test
    void theJournalHoldsEachTokenFromItsMintToItsRevocation() throws Exception {
        TokenLease lease = tokens.lease(app, org());
        assertEquals(1, journal.recorded().size());
        PendingRevocation recorded = journal.recorded().get(0);
        assertEquals(lease.token(), recorded.token());
        assertEquals(lease.expiresAt(), recorded.expiresAt());
        assertEquals(ORG_INSTALLATION, recorded.installationId());
        assertEquals(github.apiBase(), recorded.apiBaseUrl());
        lease.release();
        assertTrue(journal.recorded().isEmpty());
        assertEquals(List.of(recorded), journal.forgotten);
    }

    @Test
    void afterARestartOnlyTheRecordedTokensStillAliveAreRevoked() throws Exception {
        GitHubApp reusing = reusingApp(); // released tokens stay valid: what a restart would leave behind
        tokens.lease(reusing, narrowedTo("api")).release();
        clock.advance(Duration.ofMinutes(50));
        tokens.lease(reusing, narrowedTo("web")).release();
        clock.advance(Duration.ofMinutes(15)); // the first has expired, the second has 45 minutes left
        int requestsBefore = github.server.getRequestCount();

        InstallationTokens afterRestart = newTokens(AT_ONCE);
        afterRestart.revokeRecorded(journal.recorded());

        assertEquals(List.of(github.minted.get(1)), github.revoked, "the expired token is not sent");
        assertTrue(github.isRevoked(github.minted.get(1)));
        assertEquals(requestsBefore + 1, github.server.getRequestCount());
        assertTrue(journal.recorded().isEmpty(), "both are done with");
    }

    // ---- deadlines ----

    @Test
    void aMintGitHubDoesNotAnswerInTimeEndsAtTheDeadlineSayingSo() {
        github.mintDelay = Duration.ofSeconds(3);
        long start = System.nanoTime();
        GitHubAppException error = assertThrows(GitHubAppException.class,
                () -> tokens.lease(app, org(), Duration.ofMillis(500)));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis < 2_000, "waited " + tookMillis + " ms");
        assertEquals(Problem.HOST_UNAVAILABLE, error.problem());
        assertTrue(error.getMessage().contains("minting a token for installation " + ORG_INSTALLATION), error.getMessage());
        assertTrue(error.getMessage().contains("no answer from"), error.getMessage());
        assertTrue(error.getMessage().contains("ms left before the request's deadline"), error.getMessage());
    }

    @Test
    void aFailingMintSaysWhatGitHubAnswered() {
        github.scriptNextMint(new MockResponse().setResponseCode(503).setBody("{\"message\":\"Service Unavailable\"}"));
        GitHubAppException error = assertThrows(GitHubAppException.class,
                () -> tokens.lease(app, org(), Duration.ofSeconds(5)));
        assertEquals(503, error.status());
        assertTrue(error.getMessage().contains("HTTP 503: Service Unavailable"), error.getMessage());
    }

    @Test
    void waitingForAnotherCallersMintEndsAtTheDeadlineWithoutLeakingALease() throws Exception {
        github.mintDelay = Duration.ofMillis(1_500);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<TokenLease> patient = pool.submit(() -> tokens.lease(app, org()));
            waitUntil(() -> github.server.getRequestCount() == 1, "the first mint is under way");
            GitHubAppException error = assertThrows(GitHubAppException.class,
                    () -> tokens.lease(app, org(), Duration.ofMillis(300)));
            assertTrue(error.getMessage().contains("another build's request"), error.getMessage());
            assertTrue(error.getMessage().contains("within the 300 ms allowed"), error.getMessage());
            TokenLease lease = patient.get(10, TimeUnit.SECONDS);
            String token = lease.token().reveal();
            lease.release();
            assertTrue(github.isRevoked(token), "the lease counted for the caller that gave up was given back");
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- reused tokens GitHub no longer accepts ----

    @Test
    void aReusedTokenIsCheckedOnceItWasLastConfirmedLongerAgoThanAllowed() throws Exception {
        GitHubApp reusing = reusingApp();
        TokenLease lease = tokens.lease(reusing, org());
        String token = lease.token().reveal();
        int requestsBefore = github.requests.size();
        assertEquals(token, lease.confirmedToken(Duration.ofMinutes(5)).reveal());
        assertEquals(requestsBefore, github.requests.size(), "minted just now: no need to ask");

        clock.advance(Duration.ofMinutes(6));
        assertEquals(token, lease.confirmedToken(Duration.ofMinutes(5)).reveal());
        assertEquals("GET /api/v3/installation/repositories?per_page=1", github.requests.get(github.requests.size() - 1));
        assertEquals(token, lease.confirmedToken(Duration.ofMinutes(5)).reveal());
        assertEquals(requestsBefore + 1, github.requests.size(), "confirmed just now");
        lease.release();
    }

    @Test
    void aReusedTokenGitHubRejectsIsReplacedAndNeverServedAgain() throws Exception {
        GitHubApp reusing = reusingApp();
        TokenLease lease = tokens.lease(reusing, org());
        String rejected = lease.token().reveal();
        github.stopAccepting(rejected);
        clock.advance(Duration.ofMinutes(6));

        String replacement = lease.confirmedToken(Duration.ofMinutes(5)).reveal();

        assertNotEquals(rejected, replacement);
        assertEquals(2, github.mints.get());
        try (TokenLease other = tokens.lease(reusing, org())) {
            assertEquals(replacement, other.token().reveal(), "the rejected token is not handed out again");
        }
        lease.release();
    }

    private InstallationTokens newTokens(HostHttpClient http, TokenCacheSettings settings) {
        return new InstallationTokens(http, clock, settings, journal, background);
    }

    /** Three attempts, waiting as GitHub asks (up to 5 s). */
    private static HostHttpClient retrying() {
        return new HostHttpClient(new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), ProxySettings.direct(),
                "git-host-credentials-test", 3, Duration.ofSeconds(5)));
    }

    private static TokenRequest narrowedTo(String repository) {
        return new TokenRequest(InstallationLocator.byId(ORG_INSTALLATION), Narrowing.repositories(Set.of(repository)));
    }

    /** Polls for a condition that background threads make true, for at most 10 s. */
    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > giveUpAt) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
