package io.jenkins.plugins.githostcredentials.core.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException.Problem;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class MintingTest extends FakeGitHubTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void mintsANarrowedTokenWithTheRequestBodyGitHubDocuments() throws Exception {
        Narrowing narrowing = new Narrowing(Set.of("Hello-World", "api"), Map.of("contents", "read", "statuses", "write"));
        try (TokenLease lease = tokens.lease(app, new TokenRequest(InstallationLocator.byId(ORG_INSTALLATION), narrowing))) {
            RecordedRequest request = github.nextRequest();
            assertEquals("POST", request.getMethod());
            assertEquals("/api/v3/app/installations/1001/access_tokens", request.getPath());
            assertEquals("application/vnd.github+json", request.getHeader("Accept"));
            assertEquals("2022-11-28", request.getHeader("X-GitHub-Api-Version"));
            assertTrue(request.getHeader("Content-Type").startsWith("application/json"));
            JsonNode body = JSON.readTree(request.getBody().readUtf8());
            assertEquals(JSON.readTree("{\"repositories\":[\"api\",\"hello-world\"],"
                    + "\"permissions\":{\"contents\":\"read\",\"statuses\":\"write\"}}"), body);

            assertEquals(Map.of("contents", "read", "statuses", "write"), lease.permissions());
            assertEquals("selected", lease.repositorySelection());
            assertEquals(List.of("api", "hello-world"), lease.repositories());
            assertEquals(START.plus(Duration.ofHours(1)), lease.expiresAt());
            assertEquals(github.minted.get(0), lease.token().reveal());
            assertEquals(ORG_INSTALLATION, lease.installationId());
        }
    }

    @Test
    void unnarrowedRequestSendsAnEmptyObjectAndGetsEverything() throws Exception {
        try (TokenLease lease = tokens.lease(app, org())) {
            assertEquals("{}", github.nextRequest().getBody().readUtf8());
            assertEquals("all", lease.repositorySelection());
            assertEquals(List.of(), lease.repositories());
            assertEquals("write", lease.permissions().get("contents"));
        }
    }

    @Test
    void selectedInstallationReportsItsRepositoriesByName() throws Exception {
        try (TokenLease lease = tokens.lease(app, TokenRequest.of(InstallationLocator.byId(USER_INSTALLATION)))) {
            assertEquals("selected", lease.repositorySelection());
            assertEquals(List.of("Spoon-Knife", "linguist"), lease.repositories());
        }
    }

    @Test
    void longDottedTokensAreKeptWhole() throws Exception {
        github.longDottedTokens = true;
        try (TokenLease lease = tokens.lease(app, org())) {
            String token = lease.token().reveal();
            assertTrue(token.length() > 400 && token.contains("."), "the 2026 stateless format");
            assertEquals(github.minted.get(0), token);
        }
        assertEquals(1, github.revocations.get(), "the long token is sent back whole to revoke it");
    }

    @Test
    void releaseRevokesWithTheInstallationTokenItself() throws Exception {
        TokenLease lease = tokens.lease(app, org());
        String token = lease.token().reveal();
        github.nextRequest();
        lease.release();
        RecordedRequest revoke = github.nextRequest();
        assertEquals("DELETE", revoke.getMethod());
        assertEquals("/api/v3/installation/token", revoke.getPath());
        assertEquals("Bearer " + token, revoke.getHeader("Authorization"));
        assertTrue(github.isRevoked(token));
    }

    @Test
    void anExpiredTokenIsNotSentForRevocationAndLeavesTheJournal() throws Exception {
        TokenLease lease = tokens.lease(app, org());
        assertEquals(1, journal.recorded().size(), "noted when minted");
        clock.advance(Duration.ofMinutes(61));
        lease.release();
        assertEquals(1, github.server.getRequestCount(), "only the mint: GitHub would answer 401");
        assertTrue(lease.isReleased());
        assertTrue(journal.recorded().isEmpty(), "nothing left to revoke");
    }

    @Test
    void aTokenGitHubNoLongerKnowsCountsAsRevoked() throws Exception {
        TokenLease lease = tokens.lease(app, org());
        serverAhead = Duration.ofMinutes(61); // expired by GitHub's clock, which this controller has not learnt
        lease.release(); // GitHub answers 401 Bad credentials
        assertEquals(2, github.server.getRequestCount(), "the revocation was attempted");
        assertEquals(0, github.revocations.get());
        assertTrue(journal.recorded().isEmpty(), "401: the token is unusable, which is what was wanted");
    }

    @Test
    void wrongKeyIsReportedWithTheFingerprintToCompare() {
        GitHubAppKey otherKey = GitHubAppKey.parse(TestKeys.pkcs8(TestKeys.otherRsa()));
        GitHubApp wrong = new GitHubApp("123456", otherKey, endpoint);
        GitHubAppException error = assertThrows(GitHubAppException.class, () -> tokens.lease(wrong, org()));
        assertEquals(Problem.APP_AUTHENTICATION_FAILED, error.problem());
        assertEquals(401, error.status());
        assertTrue(error.getMessage().contains("A JSON web token could not be decoded"), error.getMessage());
        assertTrue(error.getMessage().contains(otherKey.fingerprint()), error.getMessage());
        assertTrue(error.getMessage().contains("'Private keys'"), error.getMessage());
        assertTrue(error.getMessage().contains("'123456'"), error.getMessage());
    }

    @Test
    void missingPermissionIsNamedWithWhatTheInstallationHas() {
        Narrowing narrowing = new Narrowing(Set.of(), Map.of("issues", "write", "contents", "read", "actions", "read"));
        GitHubAppException error = assertThrows(GitHubAppException.class,
                () -> tokens.lease(app, new TokenRequest(InstallationLocator.byId(ORG_INSTALLATION), narrowing)));
        assertEquals(Problem.NARROWING_REFUSED, error.problem());
        assertEquals(422, error.status());
        String message = error.getMessage();
        assertTrue(message.contains("The permissions requested are not granted to this installation."), message);
        assertTrue(message.contains("issues: write (it has issues: read)"), message);
        assertTrue(message.contains("actions: read (not granted at all)"), message);
        assertFalse(message.contains("contents: read (it has"), "contents is granted, so not listed as lacking");
        assertTrue(message.contains("It has "), message);
        assertTrue(message.contains("Permissions & events"), message);
    }

    @Test
    void repositoryOutsideTheSelectionIsNamedWithTheReachableOnes() {
        Narrowing narrowing = Narrowing.repositories(Set.of("linguist", "secret-diary"));
        GitHubAppException error = assertThrows(GitHubAppException.class,
                () -> tokens.lease(app, new TokenRequest(InstallationLocator.byId(USER_INSTALLATION), narrowing)));
        assertEquals(Problem.NARROWING_REFUSED, error.problem());
        String message = error.getMessage();
        assertTrue(message.contains("limited to selected repositories and cannot reach secret-diary"), message);
        assertTrue(message.contains("It can reach Spoon-Knife, linguist"), message);
        assertTrue(message.contains("Repository access"), message);
        assertEquals(2, github.mints.get(), "the refused mint and one unnarrowed token to list the repositories");
        assertEquals(1, github.revocations.get(), "the listing token is revoked at once");
    }

    @Test
    void unknownRepositoryOfAnAllRepositoriesInstallationIsNamed() {
        Narrowing narrowing = Narrowing.repositories(Set.of("hello-wrold"));
        GitHubAppException error = assertThrows(GitHubAppException.class,
                () -> tokens.lease(app, new TokenRequest(InstallationLocator.byId(ORG_INSTALLATION), narrowing)));
        assertTrue(error.getMessage().contains("covers all repositories of 'octo-org', but hello-wrold is not among them"),
                error.getMessage());
    }

    @Test
    void suspendedInstallationIsShownAndMintingItExplained() throws Exception {
        github.installation(ORG_INSTALLATION).suspended = true;
        assertTrue(tokens.findInstallation(app, InstallationLocator.byOwner("octo-org")).suspended());
        GitHubAppException error = assertThrows(GitHubAppException.class, () -> tokens.lease(app, org()));
        assertEquals(Problem.FORBIDDEN, error.problem());
        assertTrue(error.getMessage().contains("This installation has been suspended"), error.getMessage());
        assertTrue(error.getMessage().contains("unsuspend"), error.getMessage());
    }

    @Test
    void serverErrorSaysItIsUsuallyTemporary() {
        github.scriptNextMint(new MockResponse().setResponseCode(502).setBody("<html>Bad Gateway</html>"));
        GitHubAppException error = assertThrows(GitHubAppException.class, () -> tokens.lease(app, org()));
        assertEquals(Problem.HOST_UNAVAILABLE, error.problem());
        assertEquals(502, error.status());
        assertTrue(error.getMessage().contains("try again in a few minutes"), error.getMessage());
        assertFalse(error.getMessage().contains("<html>"), "an HTML error page is not pasted into the message");
    }

    @Test
    void gitHubsMessageIsQuotedWithTheJwtCutOut() {
        // GitHub's error shape {"message":...} (here its answer for a suspended installation); GitHubAppApi once
        // quoted it unredacted, so a host echoing the app's JWT would have put it into the message.
        String jwt = app.createJwt(clock.instant()).reveal();
        github.scriptNextMint(github.json(403,
                FakeGitHub.error("This installation has been suspended (request signed with " + jwt + ")")));

        GitHubAppException error = assertThrows(GitHubAppException.class, () -> tokens.lease(app, org()));

        assertEquals(403, error.status());
        assertFalse(error.getMessage().contains(jwt), error.getMessage());
        assertTrue(error.getMessage().contains("This installation has been suspended (request signed with ****)"),
                error.getMessage());
    }

    @Test
    void permissionOnlyGitHubEnterpriseServerHasIsRefusedForGitHubComBeforeAsking() throws Exception {
        GitHubApp onGitHubCom = new GitHubApp("123456", KEY,
                new HostEndpoint(HostKind.GITHUB, github.serverUrl(), github.apiBase()));
        TokenRequest request = new TokenRequest(InstallationLocator.byId(ORG_INSTALLATION),
                new Narrowing(Set.of(), Map.of("team_discussions", "read")));

        GitHubAppException error = assertThrows(GitHubAppException.class, () -> tokens.lease(onGitHubCom, request));

        assertEquals(Problem.NARROWING_REFUSED, error.problem());
        assertTrue(error.getMessage().contains("'team_discussions' exists only on GitHub Enterprise Server"),
                error.getMessage());
        assertEquals(0, github.mints.get(), "GitHub was not asked");
    }

    @Test
    void answerWithoutATokenIsReported() {
        github.scriptNextMint(github.json(201, JSON.createObjectNode().put("expires_at", "2026-03-02T10:00:00Z")));
        GitHubAppException error = assertThrows(GitHubAppException.class, () -> tokens.lease(app, org()));
        assertEquals(Problem.UNEXPECTED_RESPONSE, error.problem());
        assertTrue(error.getMessage().contains("contains no token"), error.getMessage());
    }

    @Test
    void unreachableGitHubIsReported() throws Exception {
        github.close();
        GitHubAppException error = assertThrows(GitHubAppException.class, () -> tokens.lease(app, org()));
        assertEquals(Problem.HOST_UNAVAILABLE, error.problem());
        assertTrue(error.getMessage().contains("minting a token for installation 1001"), error.getMessage());
    }

    // ---- clock skew ----

    @Test
    void skewIsCorrectedFromTheDateHeaderAndTheCallRetriedOnce() throws Exception {
        serverAhead = Duration.ofMinutes(5);
        github.scriptNextMint(github.json(401,
                FakeGitHub.error("'Expiration time' claim ('exp') is too far in the future")));
        try (TokenLease lease = tokens.lease(app, org())) {
            assertEquals(github.minted.get(0), lease.token().reveal());
        }
        assertEquals(2, github.mints.get(), "first 401, then 201");
        JsonNode retried = GitHubAppTest.decode(github.jwtsSeen.get(1).split("\\.")[1]);
        long githubNow = START.plus(Duration.ofMinutes(5)).getEpochSecond();
        assertEquals(githubNow - 60, retried.path("iat").asLong(), 1.0, "signed with GitHub's time");
        assertEquals(githubNow + 540, retried.path("exp").asLong(), 1.0);
    }

    @Test
    void controllerClockAheadOfGitHubIsCorrectedAndRemembered() throws Exception {
        serverAhead = Duration.ofMinutes(-5); // our iat would be in GitHub's future
        tokens.lease(app, org()).release();
        assertEquals(2, github.jwtsSeen.size(), "one rejected JWT, one accepted");
        tokens.lease(app, TokenRequest.of(InstallationLocator.byId(USER_INSTALLATION))).release();
        assertEquals(3, github.jwtsSeen.size(), "the offset is remembered: no second rejection");
    }

    @Test
    void controllerClockFarBehindGitHubIsCorrected() throws Exception {
        serverAhead = Duration.ofMinutes(15); // our exp would already have passed for GitHub
        try (TokenLease lease = tokens.lease(app, org())) {
            assertEquals(START.plus(Duration.ofMinutes(75)), lease.expiresAt());
        }
        assertEquals(1, github.mints.get(), "only the corrected JWT reached the minting code");
        assertEquals(2, github.jwtsSeen.size());
    }

    @Test
    void expiryIsJudgedByGitHubsClockOnceTheSkewIsKnown() throws Exception {
        serverAhead = Duration.ofMinutes(-30);
        // GitHub's clock is 30 minutes behind: its token "expires" at START - 30 min + 60 min = START + 30 min by our
        // clock, which would look too short-lived without the correction and be minted again on every lease
        tokens = newTokens(AT_ONCE);
        GitHubApp reusing = reusingApp();
        tokens.lease(reusing, org()).release();
        tokens.lease(reusing, org()).release();
        assertEquals(1, github.mints.get());
    }
}
