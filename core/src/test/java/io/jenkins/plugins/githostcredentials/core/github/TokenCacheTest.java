package io.jenkins.plugins.githostcredentials.core.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;

class TokenCacheTest extends FakeGitHubTestBase {

    // ---- sharing and single flight ----

    @Test
    void concurrentCallersShareOneMint() throws Exception {
        github.mintDelay = Duration.ofMillis(300); // every caller arrives while the first mint is still running
        List<TokenLease> leases = leaseConcurrently(app, 40);
        assertEquals(1, github.mints.get());
        assertEquals(1, leases.stream().map(lease -> lease.token().reveal()).distinct().count());
        leases.forEach(TokenLease::release);
        assertEquals(1, github.revocations.get());
    }

    @Test
    void twentyParallelLeasesMintOnceAndRevokeOnce() throws Exception {
        List<TokenLease> leases = leaseConcurrently(app, 20);
        assertEquals(1, github.mints.get());
        for (int i = 0; i < 19; i++) {
            leases.get(i).release();
            assertEquals(0, github.revocations.get(), "still held by another lease");
        }
        String token = leases.get(19).token().reveal();
        leases.get(19).release();
        assertEquals(1, github.revocations.get(), "revoked when the last lease was released");
        assertTrue(github.isRevoked(token));
    }

    @Test
    void afterTheLastReleaseTheNextLeaseGetsANewToken() throws Exception {
        String first;
        try (TokenLease lease = tokens.lease(app, org())) {
            first = lease.token().reveal();
        }
        try (TokenLease lease = tokens.lease(app, org())) {
            assertNotEquals(first, lease.token().reveal(), "a revoked token is never handed out again");
        }
        assertEquals(2, github.mints.get());
        assertEquals(2, github.revocations.get());
    }

    @Test
    void releaseIsIdempotent() throws Exception {
        TokenLease first = tokens.lease(app, org());
        TokenLease second = tokens.lease(app, org());
        first.release();
        first.release();
        first.close();
        assertEquals(0, github.revocations.get(), "the double release did not count as the second lease's release");
        second.close();
        assertEquals(1, github.revocations.get());
        assertThrows(IllegalStateException.class, first::currentToken);
    }

    @Test
    void differentNarrowingsGetDifferentTokens() throws Exception {
        TokenRequest readOnly = new TokenRequest(InstallationLocator.byId(ORG_INSTALLATION),
                new Narrowing(Set.of("api"), Map.of("contents", "read")));
        TokenRequest sameReadOnly = new TokenRequest(InstallationLocator.byId(ORG_INSTALLATION),
                new Narrowing(Set.of("API"), Map.of("contents", " read ")));
        try (TokenLease a = tokens.lease(app, org()); TokenLease b = tokens.lease(app, readOnly);
                TokenLease c = tokens.lease(app, sameReadOnly)) {
            assertNotEquals(a.token(), b.token());
            assertEquals(b.token(), c.token(), "the same narrowing, written differently, is the same entry");
        }
        assertEquals(2, github.mints.get());
    }

    @Test
    void underChurnNoLeaseEverHoldsARevokedTokenAndEveryTokenIsRevokedInTheEnd() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int worker = 0; worker < 8; worker++) {
                workers.add(pool.submit(() -> {
                    int checked = 0;
                    for (int i = 0; i < 25; i++) {
                        try (TokenLease lease = tokens.lease(app, org())) {
                            assertFalse(github.isRevoked(lease.token().reveal()), "handed out a revoked token");
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            for (Future<Integer> worker : workers) {
                assertEquals(25, worker.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(github.mints.get(), github.revocations.get(), "each minted token was revoked exactly once");
        assertTrue(github.mints.get() < 8 * 25, "concurrent leases shared tokens");
    }

    // ---- lifetime, refresh ahead, stale tokens ----

    @Test
    void reuseModeKeepsTokensAcrossUsersUntilTheyNeedRefreshing() throws Exception {
        GitHubApp reusing = reusingApp();
        String first;
        try (TokenLease lease = tokens.lease(reusing, org())) {
            first = lease.token().reveal();
        }
        assertEquals(0, github.revocations.get(), "reuse mode keeps the released token");
        clock.advance(Duration.ofMinutes(9)); // 51 minutes left: outside the refresh window (45 + 5)
        try (TokenLease lease = tokens.lease(reusing, org())) {
            assertEquals(first, lease.token().reveal());
        }
        assertEquals(1, github.mints.get());
    }

    @Test
    void refreshAheadMintsAReplacementAndRevokesTheIdleOldToken() throws Exception {
        GitHubApp reusing = reusingApp();
        String first;
        try (TokenLease lease = tokens.lease(reusing, org())) {
            first = lease.token().reveal();
        }
        clock.advance(Duration.ofMinutes(12)); // 48 minutes left: inside the refresh window, still above 45
        try (TokenLease lease = tokens.lease(reusing, org())) {
            assertNotEquals(first, lease.token().reveal());
            assertEquals(clock.instant().plus(Duration.ofHours(1)), lease.expiresAt());
        }
        assertEquals(2, github.mints.get());
        assertTrue(github.isRevoked(first), "the replaced token was idle, so it was revoked");
    }

    @Test
    void failedRefreshKeepsServingTheStillValidToken() throws Exception {
        GitHubApp reusing = reusingApp();
        String first;
        try (TokenLease lease = tokens.lease(reusing, org())) {
            first = lease.token().reveal();
        }
        clock.advance(Duration.ofMinutes(12));
        github.scriptNextMint(new MockResponse().setResponseCode(503).setBody("{\"message\":\"Service Unavailable\"}"));
        try (TokenLease lease = tokens.lease(reusing, org())) {
            assertEquals(first, lease.token().reveal(), "the refresh failed; the valid token is served");
        }
        assertEquals(2, github.mints.get());
        try (TokenLease lease = tokens.lease(reusing, org())) {
            assertEquals(first, lease.token().reveal(), "no new attempt right after a failure");
        }
        assertEquals(2, github.mints.get());
        clock.advance(InstallationTokens.REFRESH_RETRY_PAUSE);
        try (TokenLease lease = tokens.lease(reusing, org())) {
            assertNotEquals(first, lease.token().reveal(), "tried again after the pause, and succeeded");
        }
        assertEquals(3, github.mints.get());
    }

    @Test
    void tokenBelowTheMinimumLifetimeIsNotServedAndAFailedMintIsReported() throws Exception {
        GitHubApp reusing = reusingApp();
        tokens.lease(reusing, org()).release();
        clock.advance(Duration.ofMinutes(16)); // 44 minutes left: below the minimum
        github.scriptNextMint(new MockResponse().setResponseCode(503).setBody("{\"message\":\"Service Unavailable\"}"));
        GitHubAppException error = assertThrows(GitHubAppException.class, () -> tokens.lease(reusing, org()));
        assertEquals(Problem.HOST_UNAVAILABLE, error.problem());
        try (TokenLease lease = tokens.lease(reusing, org())) {
            assertEquals(START.plus(Duration.ofMinutes(76)), lease.expiresAt());
        }
        assertEquals(3, github.mints.get());
    }

    @Test
    void minimumRemainingLifetimeIsConfigurable() throws Exception {
        tokens = newTokens(new TokenCacheSettings(Duration.ofMinutes(10), Duration.ofMinutes(5), 100, 100, Duration.ZERO));
        GitHubApp reusing = reusingApp();
        String first;
        try (TokenLease lease = tokens.lease(reusing, org())) {
            first = lease.token().reveal();
        }
        clock.advance(Duration.ofMinutes(44)); // 16 minutes left: above 10 + 5
        try (TokenLease lease = tokens.lease(reusing, org())) {
            assertEquals(first, lease.token().reveal());
        }
    }

    // ---- long builds ----

    @Test
    void currentTokenReplacesTheHeldTokenNearExpiryAndTheLeaseRevokesBoth() throws Exception {
        TokenLease lease = tokens.lease(app, org());
        String first = lease.token().reveal();
        clock.advance(Duration.ofMinutes(10));
        assertEquals(first, lease.currentToken().reveal(), "50 minutes left: still good");
        clock.advance(Duration.ofMinutes(10));
        String second = lease.currentToken().reveal();
        assertNotEquals(first, second);
        assertEquals(second, lease.token().reveal(), "token() follows the latest replacement");
        assertEquals(clock.instant().plus(Duration.ofHours(1)), lease.expiresAt());
        assertEquals(second, lease.currentToken().reveal(), "the replacement is reused while good");
        assertEquals(0, github.revocations.get(), "the old token may still be in use by the build");
        lease.release();
        assertTrue(github.isRevoked(first));
        assertTrue(github.isRevoked(second));
        assertEquals(2, github.mints.get());
    }

    @Test
    void replacementsAreSharedBetweenLeases() throws Exception {
        TokenLease a = tokens.lease(app, org());
        TokenLease b = tokens.lease(app, org());
        clock.advance(Duration.ofMinutes(20));
        assertEquals(a.currentToken(), b.currentToken());
        assertEquals(2, github.mints.get());
        a.release();
        b.release();
        assertEquals(2, github.revocations.get());
    }

    // ---- rejected tokens ----

    @Test
    void tokenRejectedWhileCachedIsDroppedAndMintedAgainOnce() throws Exception {
        GitHubApp reusing = reusingApp();
        TokenLease lease = tokens.lease(reusing, org());
        String rejected = lease.token().reveal();
        lease.reportRejected();
        try (TokenLease other = tokens.lease(reusing, org())) {
            assertNotEquals(rejected, other.token().reveal(), "never served again");
        }
        String replacement = lease.currentToken().reveal();
        assertNotEquals(rejected, replacement);
        assertEquals(2, github.mints.get(), "one replacement, shared by both leases");
        lease.reportRejected();
        GitHubAppException error = assertThrows(GitHubAppException.class, lease::currentToken);
        assertEquals(Problem.TOKEN_REJECTED, error.problem());
        assertTrue(error.getMessage().contains("suspended"), error.getMessage());
        assertEquals(2, github.mints.get(), "no endless re-minting");
        lease.release();
    }

    @Test
    void invalidateByTokenValueDropsItFromTheCache() throws Exception {
        GitHubApp reusing = reusingApp();
        String first;
        try (TokenLease lease = tokens.lease(reusing, org())) {
            first = lease.token().reveal();
        }
        tokens.invalidate(io.jenkins.plugins.githostcredentials.core.SecretText.of(first));
        try (TokenLease lease = tokens.lease(reusing, org())) {
            assertNotEquals(first, lease.token().reveal());
        }
        assertTrue(github.isRevoked(first), "nobody held it, so it was revoked");
    }

    // ---- bound ----

    @Test
    void cacheIsBoundedAndEvictionNeverRevokesALeasedToken() throws Exception {
        tokens = newTokens(new TokenCacheSettings(Duration.ofMinutes(45), Duration.ofMinutes(5), 3, 10, Duration.ZERO));
        GitHubApp reusing = reusingApp();
        TokenLease held = tokens.lease(reusing, narrowedTo("hello-world"));
        for (String repository : List.of("api", "web", "infra")) {
            tokens.lease(reusing, narrowedTo(repository)).release();
        }
        assertEquals(3, tokens.size());
        assertFalse(github.isRevoked(held.token().reveal()), "evicted while leased: still valid");
        assertEquals(held.token(), held.currentToken());
        held.release();
        assertTrue(github.isRevoked(held.token().reveal()), "revoked once its last lease let go");

        for (int i = 0; i < 10; i++) {
            tokens.lease(reusing, narrowedTo(List.of("api", "web", "infra").get(i % 3))).release();
        }
        assertTrue(tokens.size() <= 3);
    }

    @Test
    void evictedIdleTokenInReuseModeIsRevoked() throws Exception {
        tokens = newTokens(new TokenCacheSettings(Duration.ofMinutes(45), Duration.ofMinutes(5), 1, 10, Duration.ZERO));
        GitHubApp reusing = reusingApp();
        String first;
        try (TokenLease lease = tokens.lease(reusing, narrowedTo("api"))) {
            first = lease.token().reveal();
        }
        tokens.lease(reusing, narrowedTo("web")).release();
        assertTrue(github.isRevoked(first));
        assertEquals(1, tokens.size());
    }

    @Test
    void tokenMintedForAnEntryEvictedMeanwhileIsRevokedWhenReleased() throws Exception {
        tokens = newTokens(new TokenCacheSettings(Duration.ofMinutes(45), Duration.ofMinutes(5), 1, 10, Duration.ZERO));
        GitHubApp reusing = reusingApp();
        github.mintDelay = Duration.ofMillis(500);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<TokenLease> slow = pool.submit(() -> tokens.lease(reusing, narrowedTo("api")));
            while (github.server.getRequestCount() == 0) {
                Thread.sleep(5); // until the first mint is in flight
            }
            tokens.lease(reusing, narrowedTo("web")).release(); // evicts the "api" entry while it mints
            TokenLease orphan = slow.get(10, TimeUnit.SECONDS);
            String token = orphan.token().reveal();
            orphan.release();
            assertTrue(github.isRevoked(token), "no longer cached, so not left valid for nobody");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeRevokesIdleTokensAndStopsLeasing() throws Exception {
        GitHubApp reusing = reusingApp();
        String idle;
        try (TokenLease lease = tokens.lease(reusing, org())) {
            idle = lease.token().reveal();
        }
        TokenLease busy = tokens.lease(reusing, narrowedTo("api"));
        tokens.close();
        assertTrue(github.isRevoked(idle));
        assertFalse(github.isRevoked(busy.token().reveal()));
        busy.release();
        assertTrue(github.isRevoked(busy.token().reveal()));
        assertThrows(IllegalStateException.class, () -> tokens.lease(reusing, org()));
    }

    private static TokenRequest narrowedTo(String repository) {
        return new TokenRequest(InstallationLocator.byId(ORG_INSTALLATION), Narrowing.repositories(Set.of(repository)));
    }

    private List<TokenLease> leaseConcurrently(GitHubApp which, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<TokenLease>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return tokens.lease(which, org());
                }));
            }
            start.countDown();
            List<TokenLease> leases = new ArrayList<>();
            for (Future<TokenLease> future : futures) {
                leases.add(future.get(30, TimeUnit.SECONDS));
            }
            assertEquals(threads, new HashSet<>(leases).size());
            return leases;
        } finally {
            pool.shutdownNow();
        }
    }
}
