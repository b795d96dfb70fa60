package io.jenkins.plugins.githostcredentials.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.capability.Requirements;
import io.jenkins.plugins.githostcredentials.core.github.FakeGitHub;
import io.jenkins.plugins.githostcredentials.core.github.GitHubApp;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppKey;
import io.jenkins.plugins.githostcredentials.core.github.InstallationTokens;
import io.jenkins.plugins.githostcredentials.core.github.PermissionCeiling;
import io.jenkins.plugins.githostcredentials.core.github.TestInstallationTokens;
import io.jenkins.plugins.githostcredentials.core.github.TokenCacheSettings;
import io.jenkins.plugins.githostcredentials.core.github.TokenPolicy;
import io.jenkins.plugins.githostcredentials.core.host.HostCatalog;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import io.jenkins.plugins.githostcredentials.core.http.HttpSettings;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionReport;
import io.jenkins.plugins.githostcredentials.core.testing.MutableClock;
import java.io.IOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenSessionsTest {

    private static final KeyPair APP_KEY = rsaKey();
    /** The organization the fake GitHub's one app installation is on. */
    private static final String OWNER = "acme";
    private static final long INSTALLATION_ID = 4242;
    private static final String CLASSIC_PAT = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    private static final String GITLAB_TOKEN = "glpat-" + "Zx9Yw8Vu7Ts6Rq5Po4Nm";
    private static final String GITEA_TOKEN = "3f9a6c2e8b1d4f7a0c5e9b2d6f8a1c3e5b7d9f0a";
    private static final String GITEA_USER = "{\"id\":7,\"login\":\"ci-bot\",\"full_name\":\"CI Bot\","
            + "\"email\":\"ci@example.com\",\"is_admin\":false,\"username\":\"ci-bot\"}";

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final HostHttpClient http = new HostHttpClient(HttpSettings.defaults());
    private FakeGitHub github;
    private InstallationTokens installationTokens;
    private TokenSessions sessions;

    @BeforeEach
    void start() throws IOException {
        github = new FakeGitHub(APP_KEY.getPublic(), clock::instant);
        github.install(INSTALLATION_ID, OWNER, "Organization",
                Map.of("contents", "write", "statuses", "write", "metadata", "read", "pull_requests", "write"),
                null, List.of("api", "web", "docs"));
        installationTokens = TestInstallationTokens.revokingAtOnce(http, clock);
        sessions = new TokenSessions(http, installationTokens, clock);
    }

    @AfterEach
    void stop() throws IOException {
        installationTokens.close();
        github.close();
    }

    @Test
    void theHealthCheckAndRotationShareTheSessionsClientAndTokenCache() {
        assertSame(http, sessions.http());
        assertSame(installationTokens, sessions.installationTokens());
    }

    // ---------------------------------------------------------------- stored tokens

    @Test
    void githubTokenGetsTheDefaultVariablesTheGhVariablesAndGitConfiguration() throws Exception {
        TokenSession session = sessions.open(stored(HostKind.GITHUB, "", TokenKind.GITHUB_CLASSIC_PAT, CLASSIC_PAT),
                SessionRequest.defaults());

        SessionEnvironment environment = session.environment(Map.of());
        Map<String, String> variables = environment.variables();
        assertEquals(CLASSIC_PAT, variables.get("GIT_HOST_TOKEN"));
        assertEquals("x-access-token", variables.get("GIT_HOST_USERNAME"));
        assertEquals(CLASSIC_PAT, variables.get("GITHUB_TOKEN"));
        assertEquals(CLASSIC_PAT, variables.get("GH_TOKEN"));
        assertFalse(variables.containsKey("GH_HOST"), "github.com is gh's default host");
        assertEquals("0", variables.get("GIT_TERMINAL_PROMPT"));
        assertTrue(variables.get("GIT_CONFIG_PARAMETERS").startsWith("'credential.https://github.com.helper=' "),
                () -> "git configuration: " + variables.get("GIT_CONFIG_PARAMETERS"));
        assertTrue(variables.values().stream().noneMatch(String::isEmpty), "Jenkins' launchers drop empty variables");
        assertTrue(environment.secretVariableNames().containsAll(Set.of("GIT_HOST_TOKEN", "GITHUB_TOKEN", "GH_TOKEN")));
        for (String name : variables.keySet()) {
            if (variables.get(name).contains(CLASSIC_PAT)) {
                assertTrue(environment.secretVariableNames().contains(name), name + " holds the token unmarked");
            }
        }
        assertEquals(Set.of(CLASSIC_PAT, "x-access-token:" + CLASSIC_PAT), session.secretValues());
        assertFalse(session.renewsToken());
        assertTrue(session.mintedTokens().isEmpty());
    }

    @Test
    void gitConfigurationIsAppendedToTheInheritedOne() throws Exception {
        TokenSession session = sessions.open(stored(HostKind.GITHUB, "", TokenKind.GITHUB_CLASSIC_PAT, CLASSIC_PAT),
                SessionRequest.defaults());

        Map<String, String> variables = session.environment(Map.of("GIT_CONFIG_PARAMETERS", "'user.name=CI'",
                "GHC_GIT_USERNAME_0", "outer", "GHC_GIT_TOKEN_0", "outer-token")).variables();

        assertTrue(variables.get("GIT_CONFIG_PARAMETERS").startsWith("'user.name=CI' 'credential."),
                variables.get("GIT_CONFIG_PARAMETERS"));
        assertFalse(variables.containsKey("GHC_GIT_TOKEN_0"), "an enclosing block's helper variables stay as they are");
        assertEquals(CLASSIC_PAT, variables.get("GHC_GIT_TOKEN_1"));
        assertFalse(variables.containsKey("GIT_CONFIG_COUNT"));
    }

    @Test
    void enterpriseServerGetsTheEnterpriseVariablesOfGh() throws Exception {
        TokenSession session = sessions.open(
                stored(HostKind.GITHUB_ENTERPRISE, "https://github.example.com", TokenKind.GITHUB_CLASSIC_PAT, CLASSIC_PAT),
                SessionRequest.defaults());

        Map<String, String> variables = session.environment(Map.of()).variables();

        assertEquals(CLASSIC_PAT, variables.get("GH_ENTERPRISE_TOKEN"));
        assertEquals(CLASSIC_PAT, variables.get("GITHUB_ENTERPRISE_TOKEN"));
        assertEquals(CLASSIC_PAT, variables.get("GITHUB_TOKEN"));
        assertEquals("github.example.com", variables.get("GH_HOST"));
        assertFalse(variables.containsKey("GH_TOKEN"), "gh reads GH_TOKEN for github.com and ghe.com only");
    }

    @Test
    void dataResidencyHostGetsGhTokenAndItsHost() throws Exception {
        TokenSession session = sessions.open(
                stored(HostKind.GITHUB_ENTERPRISE, "https://octo.ghe.com", TokenKind.GITHUB_CLASSIC_PAT, CLASSIC_PAT),
                SessionRequest.defaults());

        Map<String, String> variables = session.environment(Map.of()).variables();

        assertEquals(CLASSIC_PAT, variables.get("GH_TOKEN"));
        assertEquals("octo.ghe.com", variables.get("GH_HOST"));
        assertFalse(variables.containsKey("GH_ENTERPRISE_TOKEN"));
    }

    @Test
    void gitlabAzureBitbucketAndGiteaGetTheirToolsVariables() throws Exception {
        Map<String, String> gitlab = sessions.open(
                stored(HostKind.GITLAB, "https://gitlab.example.com/gitlab", TokenKind.GITLAB_ACCESS_TOKEN, GITLAB_TOKEN),
                SessionRequest.defaults()).environment(Map.of()).variables();
        assertEquals(GITLAB_TOKEN, gitlab.get("GITLAB_TOKEN"));
        assertEquals("https://gitlab.example.com/gitlab", gitlab.get("GITLAB_HOST"));
        assertEquals("oauth2", gitlab.get("GIT_HOST_USERNAME"));

        String pat = "q".repeat(52);
        Map<String, String> azure = sessions.open(
                stored(HostKind.AZURE_DEVOPS, "https://dev.azure.com/acme", TokenKind.AZURE_DEVOPS_PAT, pat),
                SessionRequest.defaults()).environment(Map.of()).variables();
        assertEquals(pat, azure.get("AZURE_DEVOPS_EXT_PAT"));

        String giteaToken = "0123456789abcdef0123456789abcdef01234567";
        Map<String, String> gitea = sessions.open(
                stored(HostKind.GITEA, "https://gitea.example.com", TokenKind.GITEA_TOKEN, giteaToken),
                SessionRequest.defaults()).environment(Map.of()).variables();
        assertEquals(giteaToken, gitea.get("GIT_HOST_TOKEN"));
        assertTrue(gitea.keySet().stream().noneMatch(name -> name.startsWith("GITHUB") || name.startsWith("GITLAB")));
    }

    @Test
    void bearerOnlyTokenUsesTheExtraHeaderAndHasNoUsername() throws Exception {
        String token = "BBDC-" + "MDEyMzQ1Njc4OTpaYWJjZGVmZ2hpamtsbW5vcA";
        TokenSession session = sessions.open(stored(HostKind.BITBUCKET_DATA_CENTER, "https://bitbucket.example.com",
                TokenKind.BITBUCKET_DC_REPOSITORY_TOKEN, token), SessionRequest.defaults());

        SessionEnvironment environment = session.environment(Map.of());

        assertFalse(environment.variables().containsKey("GIT_HOST_USERNAME"));
        assertTrue(session.gitUsername().isEmpty());
        assertTrue(environment.variables().get("GIT_CONFIG_PARAMETERS").contains("=Authorization: Bearer " + token));
        assertTrue(environment.secretVariableNames().contains("GIT_CONFIG_PARAMETERS"));
        assertEquals(Set.of(token), session.secretValues());
    }

    @Test
    void variableNamesCanBeChosen() throws Exception {
        TokenSession session = sessions.open(stored(HostKind.GITHUB, "", TokenKind.GITHUB_CLASSIC_PAT, CLASSIC_PAT),
                SessionRequest.defaults().withTokenVariable("MY_TOKEN").withUsernameVariable("MY_USER"));

        SessionEnvironment environment = session.environment(Map.of());

        assertEquals(CLASSIC_PAT, environment.variables().get("MY_TOKEN"));
        assertEquals("x-access-token", environment.variables().get("MY_USER"));
        assertFalse(environment.variables().containsKey("GIT_HOST_TOKEN"));
        assertTrue(environment.secretVariableNames().contains("MY_TOKEN"));
        assertFalse(environment.secretVariableNames().contains("MY_USER"));
    }

    @Test
    void unusableVariableNamesAreRejectedWithTheFix() {
        IllegalArgumentException notAName = assertThrows(IllegalArgumentException.class,
                () -> SessionRequest.defaults().withTokenVariable("MY-TOKEN"));
        assertTrue(notAName.getMessage().contains("tokenVariable 'MY-TOKEN'"), notAName.getMessage());

        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> SessionRequest.defaults().withTokenVariable("X").withUsernameVariable("X"));
        assertTrue(same.getMessage().contains("different names"), same.getMessage());

        IllegalArgumentException gitOwn = assertThrows(IllegalArgumentException.class,
                () -> SessionRequest.defaults().withTokenVariable("GIT_CONFIG_COUNT"));
        assertTrue(gitOwn.getMessage().contains("GIT_CONFIG_"), gitOwn.getMessage());

        IllegalArgumentException clash = assertThrows(IllegalArgumentException.class, () -> sessions.open(
                stored(HostKind.GITHUB, "", TokenKind.GITHUB_CLASSIC_PAT, CLASSIC_PAT),
                SessionRequest.defaults().withUsernameVariable("GH_TOKEN")));
        assertTrue(clash.getMessage().contains("usernameVariable 'GH_TOKEN'"), clash.getMessage());
    }

    @Test
    void permissionsForAStoredTokenAreRefusedWithTheFix() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> sessions.open(
                stored(HostKind.GITLAB, "", TokenKind.GITLAB_ACCESS_TOKEN, GITLAB_TOKEN),
                SessionRequest.defaults().withRepositories(List.of("acme/api"))
                        .withPermissions(Map.of("contents", "read"))));

        assertTrue(refused.getMessage().contains("permissions narrow GitHub App tokens only"), refused.getMessage());
        assertTrue(refused.getMessage().contains("Remove permissions from the step"), refused.getMessage());
        assertTrue(refused.getMessage().contains("gitlab.com"), refused.getMessage());
        assertTrue(sessions.openSessions().isEmpty());
    }

    // ---------------------------------------------------------------- stored tokens: repositories and preflight

    @Test
    void storedTokenPreflightChecksEveryRepositoryAndNamesTheOneMissingACapability() throws Exception {
        MockWebServer gitea = hostAnswering(Map.of(
                "GET /api/v1/user", json(200, GITEA_USER),
                "GET /api/v1/repos/acme/api", json(200, giteaRepository("acme/api", true)),
                "GET /api/v1/repos/acme/web", json(200, giteaRepository("acme/web", false)),
                "POST /api/v1/repos/acme/api/branches", json(422, "[{\"fieldNames\":[\"NewBranchName\"],"
                        + "\"classification\":\"RequiredError\",\"message\":\"Required\"}]")));
        try {
            PreflightFailedException failed = assertThrows(PreflightFailedException.class, () -> sessions.open(
                    stored(HostKind.GITEA, serverOf(gitea), TokenKind.GITEA_TOKEN, GITEA_TOKEN),
                    SessionRequest.defaults().withRepositories(List.of("acme/api", "acme/web"))
                            .withRequire(List.of("checkout", "push"))));

            List<RecordedRequest> sent = received(gitea);
            assertEquals(List.of("GET /api/v1/user", "GET /api/v1/repos/acme/api",
                    "POST /api/v1/repos/acme/api/branches", "GET /api/v1/user", "GET /api/v1/repos/acme/web"),
                    sent.stream().map(r -> r.getMethod() + " " + r.getPath()).toList(),
                    "each repository inspected; acme/web's repository answer already shows it may not be pushed to");
            assertTrue(sent.stream().allMatch(r -> ("token " + GITEA_TOKEN).equals(r.getHeader("Authorization"))));
            String message = failed.getMessage();
            assertTrue(message.startsWith("Preflight failed on 1 of 2 repositories: acme/web.\n--- acme/web\n"
                    + "MISSING: write access to acme/web"), message);
            assertTrue(message.contains("--- acme/api: OK: token can "), message);
            assertFalse(message.contains(GITEA_TOKEN), "no secret in the failure");
            assertEquals(List.of(true, false), failed.reports().stream().map(InspectionReport::passed).toList());
            assertEquals(List.of("acme/api", "acme/web"),
                    failed.reports().stream().map(r -> r.repository().orElseThrow()).toList());
            assertTrue(sessions.openSessions().isEmpty(), "a block that fails its preflight leaves no session");
        } finally {
            gitea.shutdown();
        }
    }

    @Test
    void storedTokenPreflightThatPassesOnEveryRepositoryKeepsEachReport() throws Exception {
        MockWebServer gitlab = hostAnswering(Map.of(
                "GET /api/v4/personal_access_tokens/self", json(200, "{\"id\":4,\"name\":\"jenkins\","
                        + "\"revoked\":false,\"scopes\":[\"read_api\",\"read_repository\",\"write_repository\"],"
                        + "\"user_id\":24,\"active\":true,\"expires_at\":null}"),
                "GET /api/v4/user", json(200, "{\"id\":24,\"username\":\"jenkins-ci\",\"name\":\"Jenkins CI\","
                        + "\"state\":\"active\",\"bot\":false}"),
                "GET /api/v4/projects/platform%2Ftools%2Fbuilder", json(200, gitlabProject(30)),
                "GET /api/v4/projects/platform%2Fweb", json(200, gitlabProject(40))));
        try (TokenSession session = sessions.open(
                stored(HostKind.GITLAB, serverOf(gitlab), TokenKind.GITLAB_ACCESS_TOKEN, GITLAB_TOKEN),
                SessionRequest.defaults().withRepositories(List.of("platform/tools/builder", "platform/web"))
                        .withRequire(List.of("checkout", "push")))) {

            List<InspectionReport> reports = session.preflightReports();
            assertEquals(List.of("platform/tools/builder", "platform/web"),
                    reports.stream().map(r -> r.repository().orElseThrow()).toList());
            assertTrue(reports.stream().allMatch(InspectionReport::passed), () -> reports.toString());
            List<String> sent = received(gitlab).stream().map(RecordedRequest::getPath).toList();
            assertTrue(sent.contains("/api/v4/projects/platform%2Ftools%2Fbuilder"), sent::toString);
            assertTrue(sent.contains("/api/v4/projects/platform%2Fweb"), sent::toString);
        } finally {
            gitlab.shutdown();
        }
    }

    @Test
    void storedTokenWithRepositoriesButNoRequirementCallsNothing() throws Exception {
        MockWebServer gitea = hostAnswering(Map.of());
        try (TokenSession session = sessions.open(
                stored(HostKind.GITEA, serverOf(gitea), TokenKind.GITEA_TOKEN, GITEA_TOKEN),
                SessionRequest.defaults().withRepositories(List.of("acme/api")))) {
            assertEquals(GITEA_TOKEN, session.token().reveal());
            assertTrue(session.preflightReports().isEmpty());
            assertEquals(0, gitea.getRequestCount());
        } finally {
            gitea.shutdown();
        }
    }

    @Test
    void repositoriesNotWrittenAsTheHostNamesThemAreRefusedBeforeAnyCall() throws Exception {
        MockWebServer azure = hostAnswering(Map.of());
        try {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> sessions.open(
                    stored(HostKind.AZURE_DEVOPS, serverOf(azure) + "/acme", TokenKind.AZURE_DEVOPS_PAT,
                            "q".repeat(52)),
                    SessionRequest.defaults().withRepositories(List.of("my-repo", "project/repo", "a/b/c"))
                            .withRequire(List.of("checkout"))));

            String message = refused.getMessage();
            assertTrue(message.startsWith("repositories lists the Azure DevOps repositories the block works on: "),
                    message);
            assertTrue(message.contains("'my-repo' must be written project/repository (e.g. my-project/my-repo)"),
                    message);
            assertTrue(message.contains("'a/b/c'"), message);
            assertFalse(message.contains("'project/repo'"), "a well-written entry is not blamed: " + message);
            assertFalse(message.contains("q".repeat(52)));
            assertEquals(0, azure.getRequestCount());
            assertTrue(sessions.openSessions().isEmpty());
        } finally {
            azure.shutdown();
        }
    }

    @Test
    void unknownRequirementIsRefusedBeforeAnyTokenIsMinted() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> sessions.open(
                app(null, OWNER), SessionRequest.defaults().withRequire(List.of("checkout", "deploy"))));

        assertTrue(refused.getMessage().contains("'deploy'"), refused.getMessage());
        assertTrue(github.minted.isEmpty());
    }

    @Test
    void openSessionsAreFoundByIdUntilClosed() throws Exception {
        TokenSession session = sessions.open(stored(HostKind.GITHUB, "", TokenKind.GITHUB_CLASSIC_PAT, CLASSIC_PAT),
                SessionRequest.defaults());

        assertEquals(session, sessions.find(session.id()).orElseThrow());
        assertEquals(List.of(session), List.copyOf(sessions.openSessions()));
        session.close();
        assertTrue(session.isClosed());
        assertTrue(sessions.find(session.id()).isEmpty());
        assertTrue(sessions.find(null).isEmpty());
    }

    // ---------------------------------------------------------------- GitHub App

    @Test
    void appTokenIsMintedNarrowedAsAskedAndRevokedOnClose() throws Exception {
        TokenSession session = sessions.open(app(null, OWNER), SessionRequest.defaults()
                .withRepositories(List.of("acme/api"))
                .withPermissions(Map.of("contents", "read", "statuses", "write")));

        assertEquals(1, github.minted.size());
        JsonNode body = github.mintBodies.get(0);
        assertEquals("[\"api\"]", body.path("repositories").toString());
        assertEquals("read", body.path("permissions").path("contents").asText());
        assertEquals("write", body.path("permissions").path("statuses").asText());
        String token = github.minted.get(0);
        assertEquals(token, session.token().reveal());
        Map<String, String> variables = session.environment(Map.of()).variables();
        assertEquals(token, variables.get("GIT_HOST_TOKEN"));
        assertEquals(token, variables.get("GH_ENTERPRISE_TOKEN"));
        assertEquals("x-access-token", variables.get("GIT_HOST_USERNAME"));
        assertEquals(TokenKind.GITHUB_INSTALLATION, session.tokenKind());
        assertTrue(session.renewsToken());

        MintedToken minted = session.mintedTokens().get(0);
        assertEquals(INSTALLATION_ID, minted.installationId());
        assertEquals(List.of("api"), minted.repositories());
        assertEquals("selected", minted.repositorySelection());
        assertEquals(Map.of("contents", "read", "statuses", "write"), minted.permissions());
        assertEquals(clock.instant().plus(Duration.ofHours(1)), minted.expiresAt());

        session.close();
        session.close();
        assertEquals(List.of(token), github.revoked, "revoked once, with the token itself");
    }

    @Test
    void appTokenUsesTheCredentialsDefaultsWhenTheBlockAsksForNothing() throws Exception {
        TokenSource.GitHubAppInstallation source = new TokenSource.GitHubAppInstallation(githubApp(), null,
                OWNER, List.of("web"), Map.of("contents", "read"));

        try (TokenSession session = sessions.open(source, SessionRequest.defaults())) {
            JsonNode body = github.mintBodies.get(0);
            assertEquals("[\"web\"]", body.path("repositories").toString());
            assertEquals("{\"contents\":\"read\"}", body.path("permissions").toString());
            assertEquals(List.of("web"), session.mintedTokens().get(0).repositories());
        }
    }

    @Test
    void appInstallationIsFoundFromTheRepositoryWhenTheCredentialNamesNoOwner() throws Exception {
        try (TokenSession session = sessions.open(app(null, null),
                SessionRequest.defaults().withRepositories(List.of("https://github.example.com/acme/api.git")))) {
            assertEquals(List.of("api"), session.mintedTokens().get(0).repositories());
        }
        assertEquals(1, github.revoked.size());
    }

    @Test
    void appWithoutAnyWayToFindTheInstallationSaysWhatToSet() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> sessions.open(app(null, null), SessionRequest.defaults()));

        assertTrue(refused.getMessage().contains("owner"), refused.getMessage());
        assertTrue(refused.getMessage().contains("repositories: ['acme/api']"), refused.getMessage());
    }

    @Test
    void repositoriesOfAnotherOwnerAreRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> sessions.open(
                app(null, OWNER), SessionRequest.defaults().withRepositories(List.of("other/api"))));

        assertTrue(refused.getMessage().contains("'other/api' belongs to 'other'"), refused.getMessage());
        assertTrue(github.minted.isEmpty());
    }

    @Test
    void permissionTheInstallationLacksIsReportedByGitHubsRefusal() {
        GitHubAppException refused = assertThrows(GitHubAppException.class, () -> sessions.open(
                app(INSTALLATION_ID, null),
                SessionRequest.defaults().withPermissions(Map.of("administration", "write"))));

        assertEquals(GitHubAppException.Problem.NARROWING_REFUSED, refused.problem());
        assertTrue(sessions.openSessions().isEmpty());
    }

    @Test
    void preflightFailureSaysWhatIsMissingRevokesTheTokenAndShowsNoSecret() {
        PreflightFailedException failed = assertThrows(PreflightFailedException.class, () -> sessions.open(
                app(null, OWNER), SessionRequest.defaults()
                        .withRepositories(List.of("acme/api"))
                        .withPermissions(Map.of("contents", "read"))
                        .withRequire(List.of("checkout", "commit-status"))));

        String message = failed.getMessage();
        assertTrue(message.startsWith("Preflight failed: MISSING"), message);
        assertTrue(message.contains("statuses"), message);
        assertTrue(message.contains("acme/api"), message);
        assertFalse(failed.reports().get(0).passed());
        String token = github.minted.get(0);
        assertFalse(message.contains(token));
        assertEquals(List.of(token), github.revoked, "the token of a block that never runs is revoked at once");
        assertTrue(sessions.openSessions().isEmpty());
    }

    @Test
    void preflightThatPassesIsKeptWithTheSession() throws Exception {
        try (TokenSession session = sessions.open(app(null, OWNER), SessionRequest.defaults()
                .withRepositories(List.of("acme/api"))
                .withPermissions(Map.of("contents", "read", "statuses", "write"))
                .withRequire(List.of("checkout", "commit-status")))) {
            InspectionReport report = session.preflightReports().get(0);
            assertTrue(report.passed(), report::toPlainText);
            assertTrue(report.summary().startsWith("OK"), report.summary());
            assertTrue(github.revoked.isEmpty(), "the block's token stays valid while the block runs");
        }
    }

    @Test
    void appTokenIsNarrowedToTheRepositoriesAndThePreflightChecksEachOfThem() throws Exception {
        try (TokenSession session = sessions.open(app(null, OWNER), SessionRequest.defaults()
                .withRepositories(List.of("api", "acme/web"))
                .withPermissions(Map.of("contents", "read", "statuses", "write"))
                .withRequire(List.of("checkout", "commit-status")))) {
            assertEquals("[\"api\",\"web\"]", github.mintBodies.get(0).path("repositories").toString());
            assertEquals(List.of("acme/api", "acme/web"), session.preflightReports().stream()
                    .map(report -> report.repository().orElseThrow()).toList());
            for (InspectionReport report : session.preflightReports()) {
                assertTrue(report.passed(), report::toPlainText);
                assertTrue(report.summary().endsWith(" on " + report.repository().orElseThrow()), report.summary());
            }
            assertEquals(2, github.requests.stream()
                    .filter(request -> request.startsWith("GET /api/v3/installation/repositories")).count(),
                    () -> "one inspection per repository: " + github.requests);
        }
    }

    @Test
    void longBlockGetsAFreshTokenBeforeTheFirstExpiresAndEveryTokenStaysMasked() throws Exception {
        TokenSession session = sessions.open(app(null, OWNER),
                SessionRequest.defaults().withRepositories(List.of("api")));
        String first = session.token().reveal();

        clock.advance(Duration.ofMinutes(45));
        assertFalse(session.renewIfDue(), "fifteen minutes left: not yet");
        assertEquals(1, github.minted.size());

        clock.advance(Duration.ofMinutes(6));
        assertTrue(session.renewIfDue());
        String second = session.token().reveal();
        assertNotEquals(first, second);
        assertEquals(List.of(first, second), github.minted);
        assertEquals(second, session.environment(Map.of()).variables().get("GIT_HOST_TOKEN"));
        assertTrue(session.secretValues().containsAll(Set.of(first, second, "x-access-token:" + first,
                "x-access-token:" + second)));
        assertEquals(2, session.mintedTokens().size());
        assertFalse(session.renewIfDue(), "the fresh token has an hour to live");

        session.close();
        assertEquals(Set.of(first, second), Set.copyOf(github.revoked));
        assertFalse(session.renewIfDue(), "a closed session renews nothing");
    }

    @Test
    void theLongReusedTokenOfThePasswordViewIsCheckedAndReplacedWhenGitHubRejectsIt() throws Exception {
        TokenSession session = sessions.open(app(null, OWNER), SessionRequest.defaults());
        String first = session.token().reveal();
        assertEquals(first, session.confirmedToken(Duration.ofMinutes(1)).reveal(), "minted just now");
        assertFalse(github.requests.contains("GET /api/v3/installation/repositories?per_page=1"));

        github.stopAccepting(first);
        clock.advance(Duration.ofMinutes(2));
        String second = session.confirmedToken(Duration.ofMinutes(1)).reveal();
        assertNotEquals(first, second, "GitHub answered 401 to the check");
        assertEquals(second, session.token().reveal());
        assertTrue(github.requests.contains("GET /api/v3/installation/repositories?per_page=1"));
        assertTrue(session.secretValues().containsAll(Set.of(first, second)), "both stay masked");
        session.close();
        assertThrows(IllegalStateException.class, () -> session.confirmedToken(Duration.ofMinutes(1)));
    }

    @Test
    void aTokenGitRejectedIsReplacedOnceAndASecondRejectionSaysWhatToCheck() throws Exception {
        TokenSession session = sessions.open(app(null, OWNER), SessionRequest.defaults());
        String first = session.token().reveal();
        github.stopAccepting(first); // as the git credential helper would find out
        assertTrue(session.replaceRejectedToken());
        String second = session.token().reveal();
        assertNotEquals(first, second);
        try (TokenSession other = sessions.open(app(null, OWNER), SessionRequest.defaults())) {
            assertEquals(second, other.token().reveal(), "the rejected token is handed out to nobody");
        }
        github.stopAccepting(second);
        GitHubAppException again = assertThrows(GitHubAppException.class, session::replaceRejectedToken);
        assertTrue(again.getMessage().contains("installation's settings"), again.getMessage());
        assertEquals(2, github.minted.size(), "no endless re-minting");
        session.close();
        assertFalse(session.replaceRejectedToken(), "a closed session replaces nothing");
    }

    @Test
    void openingWaitsForGitHubNoLongerThanTheCallerAllows() {
        github.scriptNextMint(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        long start = System.nanoTime();
        GitHubAppException error = assertThrows(GitHubAppException.class,
                () -> sessions.open(app(null, OWNER), SessionRequest.defaults(), Duration.ofMillis(500)));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis < 3_000, "waited " + tookMillis + " ms");
        assertTrue(error.getMessage().contains("no answer from"), error.getMessage());
        assertTrue(sessions.openSessions().isEmpty());
    }

    @Test
    void appSessionCanLetGitReadTheTokenFromAFileInsteadOfAVariable() throws Exception {
        try (TokenSession session = sessions.open(app(null, OWNER), SessionRequest.defaults())) {
            String token = session.token().reveal();

            SessionEnvironment environment = session.environment(Map.of(), "/agent/workspace@tmp/ghc-token");

            Map<String, String> variables = environment.variables();
            assertTrue(variables.containsValue("/agent/workspace@tmp/ghc-token"), () -> variables.keySet().toString());
            assertTrue(variables.keySet().stream().noneMatch(name -> name.startsWith("GHC_GIT_TOKEN_")
                    && !name.startsWith("GHC_GIT_TOKEN_FILE_")), "no helper variable holds the token");
            assertEquals(token, variables.get("GIT_HOST_TOKEN"), "scripts still get the token itself");
            assertEquals(Set.of("GIT_HOST_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"),
                    environment.secretVariableNames());
        }
    }

    @Test
    void storedTokenIgnoresTheTokenFileSinceItNeverChanges() throws Exception {
        TokenSession session = sessions.open(stored(HostKind.GITHUB, "", TokenKind.GITHUB_CLASSIC_PAT, CLASSIC_PAT),
                SessionRequest.defaults());

        Map<String, String> variables = session.environment(Map.of(), "/agent/workspace@tmp/ghc-token").variables();

        assertFalse(variables.containsValue("/agent/workspace@tmp/ghc-token"));
        assertTrue(variables.values().stream().filter(CLASSIC_PAT::equals).count() >= 4, "token in its variables");
    }

    @Test
    void concurrentBlocksShareOneTokenAndTheLastCloseRevokesIt() throws Exception {
        SessionRequest request = SessionRequest.defaults().withRepositories(List.of("api"));
        TokenSession one = sessions.open(app(null, OWNER), request);
        TokenSession two = sessions.open(app(null, OWNER), request);

        assertEquals(1, github.minted.size());
        assertEquals(one.token(), two.token());
        assertNotEquals(one.id(), two.id());
        one.close();
        assertTrue(github.revoked.isEmpty());
        two.close();
        assertEquals(github.minted, github.revoked);
    }

    @Test
    void reusePolicyKeepsTheTokenAfterTheBlock() throws Exception {
        GitHubApp reusing = new GitHubApp("12345", appKey(), enterpriseEndpoint(), TokenPolicy.REUSE_UNTIL_EXPIRY);
        try (TokenSession session = sessions.open(
                new TokenSource.GitHubAppInstallation(reusing, null, OWNER, List.of(), Map.of()),
                SessionRequest.defaults())) {
            assertEquals(1, github.minted.size());
        }
        assertTrue(github.revoked.isEmpty());
    }

    @Test
    void reopenAfterARestartMintsANewTokenUnderTheSameIdOnce() throws Exception {
        SessionRequest request = SessionRequest.defaults().withRepositories(List.of("api"))
                .withRequire(List.of("checkout"));
        TokenSession before = sessions.open(app(null, OWNER), request);
        String id = before.id();
        TokenSessions afterRestart = new TokenSessions(http,
                TestInstallationTokens.revokingAtOnce(http, clock), clock);
        assertTrue(afterRestart.find(id).isEmpty(), "sessions live in memory only");

        TokenSession reopened = afterRestart.reopen(id, app(null, OWNER), request);

        assertEquals(id, reopened.id());
        assertEquals(2, github.minted.size());
        assertEquals(github.minted.get(1), reopened.token().reveal());
        assertEquals("[\"api\"]", github.mintBodies.get(1).path("repositories").toString());
        assertTrue(reopened.preflightReports().isEmpty(), "the preflight passed when the block started");
        assertEquals(reopened, afterRestart.reopen(id, app(null, OWNER), request));
        assertEquals(reopened, afterRestart.find(id).orElseThrow());
        assertEquals(2, github.minted.size());
        reopened.close();
        assertTrue(afterRestart.find(id).isEmpty());
        assertEquals(List.of(github.minted.get(1)), github.revoked);
        before.close();
    }

    // ---------------------------------------------------------------- GitHub App: the credential's ceiling

    @Test
    void permissionBeyondTheCeilingIsRefusedNamingItAndNothingIsSentToGitHub() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> sessions.open(
                capped("api, web", "contents:read, statuses:write"), SessionRequest.defaults()
                        .withRepositories(List.of("acme/api"))
                        .withPermissions(Map.of("contents", "write", "statuses", "write", "pull_requests", "write"))));

        String message = refused.getMessage();
        assertTrue(message.contains("contents:write exceeds the ceiling contents:read"), message);
        assertTrue(message.contains("pull_requests:write is not among the permissions this credential allows"),
                message);
        assertFalse(message.contains("statuses:write exceeds"), "what is within the ceiling is not blamed: " + message);
        assertTrue(github.requests.isEmpty(), () -> "no call to GitHub at all: " + github.requests);
        assertTrue(github.minted.isEmpty());
        assertTrue(sessions.openSessions().isEmpty());
    }

    @Test
    void repositoryOutsideTheCeilingIsRefusedBeforeAnyMint() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> sessions.open(
                capped("acme/api-*", null), SessionRequest.defaults().withRepositories(List.of("api-core", "web"))));

        assertTrue(refused.getMessage().contains("repository acme/web is not among the repositories this credential "
                + "allows: acme/api-*"), refused.getMessage());
        assertFalse(refused.getMessage().contains("api-core is not"), refused.getMessage());
        assertTrue(github.requests.isEmpty(), () -> github.requests.toString());
    }

    @Test
    void askingForEveryRepositoryExceedsACeilingThatLimitsRepositories() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> sessions.open(capped("api", null), SessionRequest.defaults()));

        assertTrue(refused.getMessage().contains("asks for every repository"), refused.getMessage());
        assertTrue(refused.getMessage().contains("repositories: ['api']"), refused.getMessage());
        assertTrue(github.minted.isEmpty());
    }

    @Test
    void requestWithinTheCeilingIsMintedAsAsked() throws Exception {
        try (TokenSession session = sessions.open(capped("api, web", "contents:write, statuses:write"),
                SessionRequest.defaults().withRepositories(List.of("acme/api"))
                        .withPermissions(Map.of("contents", "read")))) {
            JsonNode body = github.mintBodies.get(0);
            assertEquals("[\"api\"]", body.path("repositories").toString());
            assertEquals("{\"contents\":\"read\"}", body.path("permissions").toString());
            assertEquals(Map.of("contents", "read"), session.mintedTokens().get(0).permissions());
        }
    }

    @Test
    void aJobAskingForNoPermissionsGetsTheCredentialsDefaultsWithinTheCeiling() throws Exception {
        TokenSource.GitHubAppInstallation source = new TokenSource.GitHubAppInstallation(githubApp(), null, OWNER,
                List.of("web"), Map.of("contents", "read"),
                PermissionCeiling.parse("web", "contents:write, statuses:write"));

        try (TokenSession session = sessions.open(source, SessionRequest.defaults())) {
            assertEquals("{\"contents\":\"read\"}", github.mintBodies.get(0).path("permissions").toString());
            assertEquals("[\"web\"]", github.mintBodies.get(0).path("repositories").toString());
        }
    }

    @Test
    void withoutDefaultsACeilingOnPermissionsIsWhatAJobAskingForNothingGets() throws Exception {
        try (TokenSession session = sessions.open(capped(null, "contents:read, statuses:write"),
                SessionRequest.defaults())) {
            assertEquals("{\"contents\":\"read\",\"statuses\":\"write\"}",
                    github.mintBodies.get(0).path("permissions").toString(),
                    "not an unnarrowed token carrying every permission of the installation");
        }
    }

    @Test
    void credentialDefaultsBeyondTheirOwnCeilingAreRefusedToo() {
        TokenSource.GitHubAppInstallation source = new TokenSource.GitHubAppInstallation(githubApp(), null, OWNER,
                List.of(), Map.of("contents", "write"), PermissionCeiling.parse(null, "contents:read"));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> sessions.open(source, SessionRequest.defaults()));

        assertTrue(refused.getMessage().contains("contents:write exceeds the ceiling contents:read"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("An administrator can raise the credential's ceiling"),
                refused.getMessage());
        assertTrue(github.minted.isEmpty());
    }

    @Test
    void verifyOfARepositoryOutsideTheCeilingIsRefusedWithoutMinting() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> sessions.verify(
                capped("api", null), "acme/docs", Requirements.none()));

        assertTrue(refused.getMessage().contains("repository acme/docs is not among"), refused.getMessage());
        assertTrue(github.requests.isEmpty(), () -> github.requests.toString());
    }

    @Test
    void reopenAfterARestartStaysWithinTheCeiling() {
        SessionRequest beyond = SessionRequest.defaults().withRepositories(List.of("docs"));

        assertThrows(IllegalArgumentException.class,
                () -> sessions.reopen("restarted-session", capped("api", null), beyond));

        assertTrue(github.minted.isEmpty());
        assertTrue(sessions.find("restarted-session").isEmpty());
    }

    // ---------------------------------------------------------------- verify

    @Test
    void verifyInspectsAStoredToken() throws Exception {
        MockWebServer host = new MockWebServer();
        host.enqueue(new MockResponse().setResponseCode(200)
                .setHeader("Content-Type", "application/json; charset=utf-8")
                .setHeader("X-OAuth-Scopes", "repo, read:org")
                .setBody("{\"login\":\"ci-bot\",\"id\":1,\"type\":\"User\"}"));
        host.start();
        try {
            InspectionReport report = sessions.verify(stored(HostKind.GITHUB_ENTERPRISE,
                    "http://" + host.getHostName() + ":" + host.getPort(), TokenKind.GITHUB_CLASSIC_PAT, CLASSIC_PAT),
                    null, Requirements.parse(List.of("push")));

            assertTrue(report.passed(), report::toPlainText);
            assertTrue(report.toPlainText().contains("ci-bot"), report.toPlainText());
            assertFalse(report.toPlainText().contains(CLASSIC_PAT));
            RecordedRequest sent = host.takeRequest();
            assertEquals("/api/v3/user", sent.getPath());
            assertEquals("Bearer " + CLASSIC_PAT, sent.getHeader("Authorization"));
        } finally {
            host.shutdown();
        }
    }

    @Test
    void verifyMintsAnAppTokenForTheRepositoryInspectsItAndRevokesIt() throws Exception {
        InspectionReport report = sessions.verify(app(null, OWNER), "acme/docs",
                Requirements.parse(List.of("checkout", "commit-status")));

        assertTrue(report.passed(), report::toPlainText);
        assertEquals("[\"docs\"]", github.mintBodies.get(0).path("repositories").toString());
        // the mint answer's expires_at and repository_selection, not "not reported" / "unknown"
        assertTrue(report.expiresAt().isPresent(), report::toPlainText);
        assertTrue(report.identity().contains("repository selection: selected"), report.identity());
        assertEquals(github.minted, github.revoked);
        assertFalse(report.toPlainText().contains(github.minted.get(0)));
        assertTrue(sessions.openSessions().isEmpty());
    }

    // ---------------------------------------------------------------- secrets

    @Test
    void noSecretInToStringsOrMessages() throws Exception {
        TokenSession stored = sessions.open(stored(HostKind.GITHUB, "", TokenKind.GITHUB_CLASSIC_PAT, CLASSIC_PAT),
                SessionRequest.defaults());
        TokenSession minted = sessions.open(app(null, OWNER), SessionRequest.defaults());
        String appToken = minted.token().reveal();

        for (Object shown : List.of(stored, minted, stored.environment(Map.of()), minted.environment(Map.of()),
                stored.request(), minted.mintedTokens(), sessions.openSessions())) {
            assertFalse(shown.toString().contains(CLASSIC_PAT), shown::toString);
            assertFalse(shown.toString().contains(appToken), shown::toString);
        }
        IllegalArgumentException narrowing = assertThrows(IllegalArgumentException.class, () -> sessions.open(
                stored(HostKind.GITHUB, "", TokenKind.GITHUB_CLASSIC_PAT, CLASSIC_PAT),
                SessionRequest.defaults().withPermissions(Map.of("contents", "read"))));
        assertFalse(narrowing.getMessage().contains(CLASSIC_PAT));
        minted.close();
        stored.close();
    }

    // ---------------------------------------------------------------- helpers

    /** A host on MockWebServer answering "METHOD /path" as given, and anything else 404 as the hosts do. */
    private static MockWebServer hostAnswering(Map<String, MockResponse> answers) throws IOException {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answers.getOrDefault(request.getMethod() + " " + request.getPath(),
                        json(404, "{\"message\":\"Not Found\"}"));
            }
        });
        server.start();
        return server;
    }

    private static List<RecordedRequest> received(MockWebServer server) throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        for (int left = server.getRequestCount(); left > 0; left--) {
            requests.add(server.takeRequest());
        }
        return requests;
    }

    private static String serverOf(MockWebServer server) {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json; charset=utf-8")
                .setBody(body);
    }

    /** Gitea's GET /repos/{owner}/{repo}: the caller's permissions on it. */
    private static String giteaRepository(String fullName, boolean push) {
        return "{\"id\":12,\"full_name\":\"" + fullName + "\",\"private\":true,\"default_branch\":\"main\","
                + "\"permissions\":{\"admin\":false,\"push\":" + push + ",\"pull\":true}}";
    }

    /** GitLab's GET /projects/:id of a private project: the caller's access level on it. */
    private static String gitlabProject(int accessLevel) {
        return "{\"id\":3,\"visibility\":\"private\",\"permissions\":{\"project_access\":{\"access_level\":"
                + accessLevel + ",\"notification_level\":3},\"group_access\":null}}";
    }

    private static TokenSource stored(HostKind host, String server, TokenKind kind, String token) {
        return new TokenSource.StoredToken(HostCatalog.resolve(host, server), kind, SecretText.of(token), null, null);
    }

    private TokenSource.GitHubAppInstallation app(Long installationId, String owner) {
        return new TokenSource.GitHubAppInstallation(githubApp(), installationId, owner, List.of(), Map.of());
    }

    /** The app installed on {@link #OWNER}, with a ceiling in the credential's text form (null: no limit). */
    private TokenSource.GitHubAppInstallation capped(String repositories, String permissions) {
        return new TokenSource.GitHubAppInstallation(githubApp(), null, OWNER, List.of(), Map.of(),
                PermissionCeiling.parse(repositories, permissions));
    }

    private GitHubApp githubApp() {
        return new GitHubApp("12345", appKey(), enterpriseEndpoint());
    }

    private HostEndpoint enterpriseEndpoint() {
        return HostCatalog.resolve(HostKind.GITHUB_ENTERPRISE, github.serverUrl());
    }

    private static GitHubAppKey appKey() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(APP_KEY.getPrivate().getEncoded());
        return GitHubAppKey.parse("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
    }

    private static KeyPair rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
