package io.jenkins.plugins.githostcredentials.core.inspect;

import static io.jenkins.plugins.githostcredentials.core.inspect.CapabilityCheck.Status.GRANTED;
import static io.jenkins.plugins.githostcredentials.core.inspect.CapabilityCheck.Status.MISSING;
import static io.jenkins.plugins.githostcredentials.core.inspect.CapabilityCheck.Status.UNKNOWN;
import static io.jenkins.plugins.githostcredentials.core.inspect.CapabilityCheck.Status.UNSUPPORTED;
import static io.jenkins.plugins.githostcredentials.core.inspect.FakeHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;

class GitHubInspectionTest extends InspectionTestSupport {

    static final SecretText CLASSIC = SecretText.of("ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8");
    static final SecretText FINE_GRAINED = SecretText.of("github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV");
    static final SecretText INSTALLATION = SecretText.of("ghs_" + "16C7e42F292c6912E7710c838347Ae178B4a");

    private static final String USER = """
            {"login":"octocat","id":583231,"node_id":"MDQ6VXNlcjU4MzIzMQ==","type":"User","site_admin":false,
             "name":"The Octocat","company":"@github"}""";

    private static final String PRIVATE_REPO_WRITER = """
            {"id":1296269,"name":"hello","full_name":"octo-org/hello","private":true,"default_branch":"main",
             "permissions":{"admin":false,"maintain":false,"push":true,"triage":true,"pull":true}}""";

    private static final String PRIVATE_REPO_READER = """
            {"id":1296269,"name":"hello","full_name":"octo-org/hello","private":true,"default_branch":"main",
             "permissions":{"admin":false,"maintain":false,"push":false,"triage":false,"pull":true}}""";

    private static final String COMMITS = """
            [{"sha":"6dcb09b5b57875f334f61aebed695e2e4193db5e","commit":{"message":"Fix all the bugs"}}]""";

    private static final String VALIDATION_FAILED = """
            {"message":"Invalid request.\\n\\n\\"state\\" wasn't supplied.","documentation_url":"https://docs.github.com/rest/commits/statuses#create-a-commit-status","status":"422"}""";

    private static final String NOT_ACCESSIBLE = """
            {"message":"Resource not accessible by personal access token","documentation_url":"https://docs.github.com/rest","status":"403"}""";

    private static MockResponse user(String scopes) {
        MockResponse response = json(200, USER)
                .setHeader("x-ratelimit-limit", "5000")
                .setHeader("x-ratelimit-remaining", "4987")
                .setHeader("x-ratelimit-reset", "1772370000")
                .setHeader("x-ratelimit-used", "13")
                .setHeader("x-ratelimit-resource", "core");
        return scopes == null ? response : response.setHeader("X-OAuth-Scopes", scopes).setHeader("X-Accepted-OAuth-Scopes", "");
    }

    private InspectionRequest.Builder classic(String repository, String... required) {
        return InspectionRequest.builder(endpoint(HostKind.GITHUB, "https://github.com"), CLASSIC)
                .tokenKind(TokenKind.GITHUB_CLASSIC_PAT).repository(repository).required(require(required));
    }

    // ---------------------------------------------------------------- classic tokens

    @Test
    void classicTokenWithRepoScopeAndWriteAccessHasEverything() {
        host.on("GET", "/api/user", user("repo, read:user"))
                .on("GET", "/api/repos/octo-org/hello", json(200, PRIVATE_REPO_WRITER));

        InspectionReport report = inspect(classic("octo-org/hello", "checkout", "commit-status").build());

        assertTrue(report.passed(), report.toPlainText());
        assertEquals("OK: token can checkout and set commit status on octo-org/hello", report.summary());
        assertEquals("octocat (The Octocat)", report.identity());
        assertEquals(List.of("repo", "read:user"), report.grantedScopes().orElseThrow());
        assertStatus(report, "checkout", GRANTED);
        assertEquals(4987, report.rateLimit().orElseThrow().remaining().getAsInt());
        assertTrue(report.expiresAt().isEmpty(), "no expiration header means no expiry");
        assertTrue(report.warnings().isEmpty(), String.valueOf(report.warnings()));
        assertEquals("Bearer " + CLASSIC.reveal(), host.requests().get(0).getHeader("Authorization"));
        assertEquals("2022-11-28", host.requests().get(0).getHeader("X-GitHub-Api-Version"));
    }

    @Test
    void classicScopeImplicationsAreUnderstood() {
        // repo implies repo:status; user implies read:user
        host.on("GET", "/api/user", user("repo, user"));

        InspectionReport report = inspect(classic(null, "commit-status", "read-user", "github:repo:status").build());

        assertTrue(report.passed(), report.toPlainText());
        assertStatus(report, "commit-status", GRANTED);
        assertStatus(report, "read-user", GRANTED);
        assertStatus(report, "github:repo:status", GRANTED);
    }

    @Test
    void eachMissingClassicScopeIsNamed() {
        host.on("GET", "/api/user", user("repo:status, read:org"))
                .on("GET", "/api/repos/octo-org/hello", json(200, PRIVATE_REPO_WRITER));

        InspectionReport report = inspect(classic("octo-org/hello",
                "checkout", "push", "commit-status", "pull-request-comment", "read-user").build());

        assertFalse(report.passed());
        assertStatus(report, "checkout", MISSING);
        assertStatus(report, "push", MISSING);
        assertStatus(report, "commit-status", GRANTED);
        assertStatus(report, "pull-request-comment", MISSING);
        assertStatus(report, "read-user", MISSING);
        assertEquals("repo", check(report, "push").toGrant());
        assertEquals("MISSING: repo, read:user on octo-org/hello", report.summary());
    }

    @Test
    void scopeIsNotEnoughWhenTheUserMayOnlyRead() {
        host.on("GET", "/api/user", user("repo"))
                .on("GET", "/api/repos/octo-org/hello", json(200, PRIVATE_REPO_READER));

        InspectionReport report = inspect(classic("octo-org/hello", "checkout", "push").build());

        assertStatus(report, "checkout", GRANTED);
        assertStatus(report, "push", MISSING);
        assertTrue(check(report, "push").reason().contains("octocat (The Octocat) has no write access"));
    }

    @Test
    void invisibleRepositoryIsMissingNotGranted() {
        host.on("GET", "/api/user", user("repo"))
                .on("GET", "/api/repos/octo-org/secret", json(404,
                        "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest/repos/repos#get-a-repository\",\"status\":\"404\"}"));

        InspectionReport report = inspect(classic("octo-org/secret", "checkout").build());

        assertStatus(report, "checkout", MISSING);
        assertTrue(check(report, "checkout").reason().contains("not visible"));
    }

    @Test
    void checksAreUnsupportedForPersonalTokens() {
        host.on("GET", "/api/user", user("repo"));

        InspectionReport report = inspect(classic(null, "checks").build());

        assertStatus(report, "checks", UNSUPPORTED);
        assertFalse(report.passed());
        assertEquals("UNSUPPORTED: checks on GitHub", report.summary());
    }

    @Test
    void dangerousScopesThatAreNotNeededAreWarnedAbout() {
        host.on("GET", "/api/user", user("repo, admin:org, delete_repo"));

        InspectionReport report = inspect(classic(null, "checkout", "github:admin:org").build());

        assertTrue(report.passed());
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("delete_repo")), String.valueOf(report.warnings()));
        assertTrue(report.warnings().stream().noneMatch(w -> w.contains("has admin:org")),
                "admin:org was asked for, so it is not over-privileged: " + report.warnings());
    }

    @Test
    void expiryWithinFourteenDaysIsWarnedAbout() {
        host.on("GET", "/api/user", user("repo").setHeader("GitHub-Authentication-Token-Expiration", "2026-03-10 19:07:53 UTC"));

        InspectionReport report = inspect(classic(null, "checkout").build());

        assertEquals(Instant.parse("2026-03-10T19:07:53Z"), report.expiresAt().orElseThrow());
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("expires on 2026-03-10 (in 9 days)")),
                String.valueOf(report.warnings()));
    }

    @Test
    void distantExpiryIsNotWarnedAbout() {
        host.on("GET", "/api/user", user("repo").setHeader("GitHub-Authentication-Token-Expiration", "2026-10-07 19:07:53 UTC"));

        InspectionReport report = inspect(classic(null, "checkout").build());

        assertTrue(report.expiresAt().isPresent());
        assertTrue(report.warnings().isEmpty(), String.valueOf(report.warnings()));
    }

    @Test
    void lowRateLimitBudgetIsWarnedAbout() {
        host.on("GET", "/api/user", user("repo").setHeader("x-ratelimit-remaining", "120"));

        InspectionReport report = inspect(classic(null).build());

        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("Only 120 of 5000 API requests")),
                String.valueOf(report.warnings()));
        assertTrue(report.toPlainText().contains("120 of 5000 requests left"));
    }

    @Test
    void badCredentialsFailTheReport() {
        host.on("GET", "/api/user", json(401,
                "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}"));

        InspectionReport report = inspect(classic("octo-org/hello", "checkout").build());

        assertFalse(report.passed());
        assertFalse(report.authenticated());
        assertTrue(report.summary().startsWith("FAILED: GitHub refused the token (HTTP 401: Bad credentials)"), report.summary());
        assertStatus(report, "checkout", UNKNOWN);
        assertEquals(List.of("GET /api/user"), host.received(), "nothing else is asked once the token is refused");
    }

    @Test
    void aGitLabTokenIsRefusedWithoutCallingGitHub() {
        SecretText gitlab = SecretText.of("glpat-" + "xxxxxxxxxxxxxxxxxxxx");

        InspectionReport report = inspect(InspectionRequest.builder(endpoint(HostKind.GITHUB, "https://github.com"), gitlab)
                .required(require("checkout")).build());

        assertFalse(report.passed());
        assertTrue(report.summary().contains("GitLab"), report.summary());
        assertTrue(report.summary().contains("but the credential is for GitHub"), report.summary());
        assertEquals(List.of(), host.received());
        assertSecretNowhere(report, gitlab);
    }

    @Test
    void anUnreachableHostFailsTheReportWithoutThrowing() throws Exception {
        var endpoint = endpoint(HostKind.GITHUB, "https://github.com");
        server.shutdown();

        InspectionReport report = inspector().inspect(InspectionRequest.builder(endpoint, CLASSIC)
                .required(require("checkout")).build());

        assertFalse(report.passed());
        assertTrue(report.summary().startsWith("FAILED: Could not inspect the token on "), report.summary());
        assertStatus(report, "checkout", UNKNOWN);
        assertSecretNowhere(report, CLASSIC);
    }

    @Test
    void aBadRepositoryFormIsRefusedBeforeAnyCall() {
        InspectionReport report = inspect(classic("just-a-name", "checkout").build());

        assertTrue(report.summary().contains("must be written owner/repository"), report.summary());
        assertEquals(List.of(), host.received());
    }

    @Test
    void theRequestNeverShowsTheToken() {
        InspectionRequest request = classic("octo-org/hello", "checkout").build();
        assertFalse(request.toString().contains(CLASSIC.reveal()), request.toString());
        assertTrue(request.toString().contains("token=****"), request.toString());
    }

    @Test
    void htmlEscapesWhatTheHostSays() {
        host.on("GET", "/api/user", json(200, "{\"login\":\"evil\",\"name\":\"<script>alert('x')</script>\"}")
                .setHeader("X-OAuth-Scopes", "repo"));

        InspectionReport report = inspect(classic(null, "checkout").build());

        String html = report.toHtml();
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), html);
        assertTrue(report.toPlainText().contains("<script>"), "plain text keeps the name as is");
    }

    // ---------------------------------------------------------------- fine-grained tokens

    private InspectionRequest.Builder fineGrained(String repository, String... required) {
        return InspectionRequest.builder(endpoint(HostKind.GITHUB, "https://github.com"), FINE_GRAINED)
                .repository(repository).required(require(required));
    }

    private void fineGrainedRepository() {
        host.on("GET", "/api/user", user(null).setHeader("GitHub-Authentication-Token-Expiration", "2026-05-30 10:00:00 UTC"))
                .on("GET", "/api/repos/octo-org/hello", json(200, PRIVATE_REPO_WRITER))
                .on("GET", "/api/repos/octo-org/hello/commits?per_page=1", json(200, COMMITS));
    }

    @Test
    void fineGrainedTokenIsProbedWithRequestsThatChangeNothing() throws Exception {
        fineGrainedRepository();
        host.on("POST", "/api/repos/octo-org/hello/statuses/6dcb09b5b57875f334f61aebed695e2e4193db5e", json(422, VALIDATION_FAILED))
                .on("POST", "/api/repos/octo-org/hello/pulls", json(422,
                        "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\",\"field\":\"head\",\"code\":\"missing_field\"}],\"status\":\"422\"}"));

        InspectionReport report = inspect(fineGrained("octo-org/hello",
                "checkout", "commit-status", "pull-request-comment", "read-user", "github:metadata=read").build());

        assertTrue(report.passed(), report.toPlainText());
        assertEquals("OK: token can checkout, set commit status, comment on pull requests, read the user and use "
                + "metadata:read on octo-org/hello", report.summary());
        assertTrue(report.grantedScopes().isEmpty(), "GitHub cannot list a fine-grained token's permissions");
        assertEquals(TokenKind.GITHUB_FINE_GRAINED_PAT, report.tokenKind());
        for (var request : host.requests()) {
            if (request.getMethod().equals("POST")) {
                assertEquals("{}", request.getBody().readUtf8(), "probes send an empty, invalid body");
            }
        }
    }

    @Test
    void fineGrainedRefusalNamesThePermissionFromTheHeader() {
        fineGrainedRepository();
        host.on("POST", "/api/repos/octo-org/hello/statuses/6dcb09b5b57875f334f61aebed695e2e4193db5e",
                json(403, NOT_ACCESSIBLE).setHeader("X-Accepted-GitHub-Permissions", "statuses=write"))
                .on("POST", "/api/repos/octo-org/hello/pulls",
                        json(403, NOT_ACCESSIBLE).setHeader("X-Accepted-GitHub-Permissions", "pull_requests=write"))
                .on("POST", "/api/repos/octo-org/hello/issues",
                        json(403, NOT_ACCESSIBLE).setHeader("X-Accepted-GitHub-Permissions", "issues=write"));

        InspectionReport report = inspect(fineGrained("octo-org/hello", "checkout", "commit-status").build());
        assertStatus(report, "commit-status", MISSING);
        assertTrue(check(report, "commit-status").reason().contains("GitHub wants statuses=write"));
        assertEquals("MISSING: statuses:write on octo-org/hello", report.summary());

        InspectionReport raw = inspect(fineGrained("octo-org/hello", "github:pull_requests=write").build());
        assertEquals("MISSING: pull_requests:write on octo-org/hello", raw.summary());

        InspectionReport comment = inspect(fineGrained("octo-org/hello", "pull-request-comment").build());
        assertStatus(comment, "pull-request-comment", MISSING);
    }

    @Test
    void fineGrainedPushIsUnknownWithTheReason() {
        fineGrainedRepository();

        InspectionReport report = inspect(fineGrained("octo-org/hello", "push").build());

        assertStatus(report, "push", UNKNOWN);
        assertTrue(report.passed(), "unknown does not fail the preflight");
        assertTrue(check(report, "push").reason().contains("no read-only way"));
        assertTrue(report.summary().endsWith("(unknown: push)"), report.summary());
        assertTrue(report.warnings().isEmpty(), "expiry is far enough: " + report.warnings());
        assertEquals(Instant.parse("2026-05-30T10:00:00Z"), report.expiresAt().orElseThrow());
    }

    @Test
    void fineGrainedPushIsMissingWhenTheUserCannotWrite() {
        host.on("GET", "/api/user", user(null))
                .on("GET", "/api/repos/octo-org/hello", json(200, PRIVATE_REPO_READER));

        InspectionReport report = inspect(fineGrained("octo-org/hello", "push").build());

        assertStatus(report, "push", MISSING);
    }

    @Test
    void fineGrainedTokenWithoutRepositoryReportsUnknown() {
        host.on("GET", "/api/user", user(null));

        InspectionReport report = inspect(fineGrained(null, "checkout", "read-user").build());

        assertStatus(report, "checkout", UNKNOWN);
        assertStatus(report, "read-user", GRANTED);
        assertTrue(check(report, "checkout").reason().contains("name a repository"));
        assertEquals("contents:read", check(report, "checkout").toGrant());
    }

    @Test
    void repositoryOutsideTheFineGrainedTokenIsMissing() {
        host.on("GET", "/api/user", user(null))
                .on("GET", "/api/repos/octo-org/other", json(404, "{\"message\":\"Not Found\",\"status\":\"404\"}"));

        InspectionReport report = inspect(fineGrained("octo-org/other", "checkout").build());

        assertStatus(report, "checkout", MISSING);
        assertEquals("MISSING: repository access to octo-org/other on octo-org/other", report.summary());
    }

    // ---------------------------------------------------------------- installation tokens

    private static final String INSTALLATION_REPOS = """
            {"total_count":2,"repository_selection":"selected","repositories":[
              {"id":1,"name":"hello","full_name":"octo-org/hello","owner":{"login":"octo-org","type":"Organization"},"private":true},
              {"id":2,"name":"world","full_name":"octo-org/world","owner":{"login":"octo-org","type":"Organization"},"private":true}]}""";

    private InspectionRequest.Builder installation(String repository, InstallationGrant grant, String... required) {
        return InspectionRequest.builder(endpoint(HostKind.GITHUB, "https://github.com"), INSTALLATION)
                .repository(repository).installationGrant(grant).required(require(required));
    }

    @Test
    void installationTokenIsJudgedByItsGrant() {
        host.on("GET", "/api/installation/repositories", json(200, INSTALLATION_REPOS)
                .setHeader("x-ratelimit-limit", "15000").setHeader("x-ratelimit-remaining", "14999"));
        InstallationGrant grant = new InstallationGrant(
                Map.of("contents", "write", "statuses", "write", "checks", "write", "metadata", "read"),
                "selected", List.of("octo-org/hello"), null);

        InspectionReport report = inspect(installation("octo-org/hello", grant,
                "checkout", "push", "commit-status", "checks", "pull-request-comment", "read-user").build());

        assertStatus(report, "checkout", GRANTED);
        assertStatus(report, "push", GRANTED);
        assertStatus(report, "checks", GRANTED);
        assertStatus(report, "pull-request-comment", MISSING);
        assertStatus(report, "read-user", UNSUPPORTED);
        assertEquals("pull_requests:write", check(report, "pull-request-comment").toGrant());
        assertTrue(report.identity().contains("octo-org"), report.identity());
        assertTrue(report.grantedScopes().orElseThrow().contains("contents:write"));
        assertEquals(List.of("GET /api/installation/repositories?per_page=100&page=1"), host.received());
    }

    @Test
    void installationSelectionAndExpiryComeFromTheMintAnswer() {
        // GitHub sends no GitHub-Authentication-Token-Expiration header for installation tokens, and a listing need
        // not carry repository_selection: the mint answer (expires_at, repository_selection) is what counts.
        host.on("GET", "/api/installation/repositories", json(200,
                "{\"total_count\":1,\"repositories\":[{\"full_name\":\"octo-org/hello\",\"owner\":{\"login\":\"octo-org\"}}]}"));
        Instant expiresAt = Instant.parse("2026-12-03T19:00:00Z");
        InstallationGrant grant = new InstallationGrant(
                Map.of("contents", "read"), "selected", List.of("octo-org/hello"), expiresAt);

        InspectionReport report = inspect(installation("octo-org/hello", grant, "checkout").build());

        assertEquals(Optional.of(expiresAt), report.expiresAt());
        assertTrue(report.identity().contains("repository selection: selected"), report.identity());
        assertFalse(report.toPlainText().contains("unknown"), report.toPlainText());
        assertFalse(report.toPlainText().contains("not reported"), report.toPlainText());
    }

    @Test
    void repositoryOutsideTheInstallationIsMissing() {
        host.on("GET", "/api/installation/repositories", json(200, INSTALLATION_REPOS));
        InstallationGrant grant = new InstallationGrant(Map.of("contents", "write"), "selected", List.of(), null);

        InspectionReport report = inspect(installation("octo-org/elsewhere", grant, "checkout").build());

        assertStatus(report, "checkout", MISSING);
        assertTrue(check(report, "checkout").reason().contains("not among the installation's repositories"));
    }

    @Test
    void installationRepositoriesArePaginated() {
        StringBuilder firstPage = new StringBuilder("{\"total_count\":101,\"repository_selection\":\"all\",\"repositories\":[");
        for (int i = 0; i < 100; i++) {
            firstPage.append(i == 0 ? "" : ",").append("{\"full_name\":\"octo-org/r").append(i)
                    .append("\",\"owner\":{\"login\":\"octo-org\"}}");
        }
        firstPage.append("]}");
        host.on("GET", "/api/installation/repositories?per_page=100&page=1", json(200, firstPage.toString()))
                .on("GET", "/api/installation/repositories?per_page=100&page=2", json(200,
                        "{\"total_count\":101,\"repository_selection\":\"all\",\"repositories\":[{\"full_name\":\"octo-org/last\",\"owner\":{\"login\":\"octo-org\"}}]}"));

        InspectionReport report = inspect(installation("octo-org/last",
                new InstallationGrant(Map.of("contents", "read"), "all", List.of(), null), "checkout").build());

        assertStatus(report, "checkout", GRANTED);
        assertEquals(2, host.received().size());
    }

    @Test
    void expiredInstallationTokenFails() {
        host.on("GET", "/api/installation/repositories", json(401, "{\"message\":\"Bad credentials\",\"status\":\"401\"}"));

        InspectionReport report = inspect(installation(null, null, "checkout").build());

        assertFalse(report.passed());
        assertTrue(report.summary().contains("installation tokens expire after one hour"), report.summary());
    }

    @Test
    void overPrivilegedInstallationIsWarnedAbout() {
        host.on("GET", "/api/installation/repositories", json(200, INSTALLATION_REPOS));
        InstallationGrant grant = new InstallationGrant(Map.of("contents", "read", "administration", "write"), "all", List.of(), null);

        InspectionReport report = inspect(installation(null, grant, "checkout").build());

        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("administration:write")), String.valueOf(report.warnings()));
    }
}
