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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;

class BitbucketCloudInspectionTest extends InspectionTestSupport {

    static final SecretText API_TOKEN = SecretText.of("ATATT3xFfGF0" + "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0=ABCD1234");
    static final SecretText ACCESS_TOKEN = SecretText.of("ATCTT3xFfGN0" + "z9y8x7w6v5u4t3s2r1q0p9o8n7m6l5k4j3i2h1=EFGH5678");
    static final SecretText APP_PASSWORD = SecretText.of("ATBB" + "mQ4fR7tY2uI9oP3aS6dF8gH1jK5lZ0xC");

    private static final String USER = """
            {"type":"user","uuid":"{d301aafa-d676-4ee0-88be-962be7417567}","account_id":"557058:c0b72ad0-1cb5-4018-9cdc-0cde8492c443",
             "display_name":"Jane Builder","nickname":"jbuilder","username":"jbuilder","account_status":"active"}""";

    private static final String REPOSITORY = """
            {"type":"repository","full_name":"acme/app","name":"app","is_private":true,"slug":"app",
             "mainbranch":{"type":"branch","name":"main"}}""";

    private static MockResponse withCredential(MockResponse response, String type, String scopes) {
        return response.setHeader("x-credential-type", type).setHeader("x-oauth-scopes", scopes);
    }

    @Test
    void apiTokenWithScopesAndWriteRoleIsGranted() {
        host.on("GET", "/api/user", withCredential(json(200, USER), "api_token",
                        "read:repository:bitbucket, write:repository:bitbucket, write:pullrequest:bitbucket, read:user:bitbucket"))
                .on("GET", "/api/repositories/acme/app", json(200, REPOSITORY))
                .on("GET", "/api/user/permissions/repositories", json(200,
                        "{\"pagelen\":10,\"values\":[{\"type\":\"repository_permission\",\"permission\":\"write\","
                                + "\"repository\":{\"full_name\":\"acme/app\"}}],\"page\":1,\"size\":1}"));

        InspectionReport report = inspect(InspectionRequest.builder(endpoint(HostKind.BITBUCKET_CLOUD, "https://bitbucket.org"), API_TOKEN)
                .email("jane@acme.example").repository("acme/app")
                .required(require("checkout", "push", "commit-status", "pull-request-comment", "read-user")).build());

        assertTrue(report.passed(), report.toPlainText());
        assertEquals("jbuilder (Jane Builder)", report.identity());
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                ("jane@acme.example:" + API_TOKEN.reveal()).getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, host.requests().get(0).getHeader("Authorization"));
        assertTrue(report.warnings().isEmpty(), String.valueOf(report.warnings()));
    }

    @Test
    void hostTextIsQuotedTheOneWayCoreQuotesItWithEveryPieceOfTheCredentialCut() {
        // Bitbucket Cloud's documented error shape {"type":"error","error":{"message":...}}; this host echoes the
        // Basic header value back, which inspections once let through (they cut only the raw token, at 200 chars).
        String basic = Base64.getEncoder().encodeToString(
                ("jane@acme.example:" + API_TOKEN.reveal()).getBytes(StandardCharsets.UTF_8));
        String padding = " The credentials are invalid or the API token has expired; create a new API token with"
                + " scopes in your Atlassian account settings and use it with your Atlassian account email.";
        host.on("GET", "/api/user", json(401, "{\"type\":\"error\",\"error\":{\"message\":\"Basic " + basic
                + " was refused." + padding + "\"}}"));

        InspectionReport report = inspect(InspectionRequest.builder(
                        endpoint(HostKind.BITBUCKET_CLOUD, "https://bitbucket.org"), API_TOKEN)
                .email("jane@acme.example").required(require("checkout")).build());

        String failure = report.failure().orElseThrow();
        assertFalse(failure.contains(basic), failure);
        assertTrue(failure.contains(": **** was refused." + padding), "quoted whole (under 300 chars): " + failure);
    }

    @Test
    void writeScopeWithoutReadIsNotEnoughToPush() {
        host.on("GET", "/api/user", withCredential(json(200, USER), "api_token", "write:repository:bitbucket"));

        InspectionReport report = inspect(InspectionRequest.builder(endpoint(HostKind.BITBUCKET_CLOUD, "https://bitbucket.org"), API_TOKEN)
                .email("jane@acme.example").required(require("push", "pull-request-comment")).build());

        assertStatus(report, "push", MISSING);
        assertStatus(report, "pull-request-comment", MISSING);
        assertEquals("MISSING: read:repository:bitbucket and write:repository:bitbucket, write:pullrequest:bitbucket on bitbucket.org",
                report.summary());
    }

    @Test
    void accessTokenIsReadFromTheHeadersOfTheRefusedUserCall() {
        host.on("GET", "/api/user", withCredential(json(403,
                        "{\"type\":\"error\",\"error\":{\"message\":\"This API is not accessible with an access token\"}}"),
                        "repo_access_token", "pullrequest:write, repository:write"))
                .on("GET", "/api/repositories/acme/app", json(200, REPOSITORY));

        InspectionReport report = inspect(InspectionRequest.builder(endpoint(HostKind.BITBUCKET_CLOUD, "https://bitbucket.org"), ACCESS_TOKEN)
                .repository("acme/app").required(require("checkout", "push", "pull-request-comment", "read-user",
                        "bitbucket:write:pullrequest:bitbucket")).build());

        assertTrue(report.authenticated());
        assertTrue(report.identity().contains("repo access token"), report.identity());
        assertStatus(report, "checkout", GRANTED);
        assertStatus(report, "push", GRANTED);
        assertStatus(report, "pull-request-comment", GRANTED);
        assertStatus(report, "bitbucket:write:pullrequest:bitbucket", GRANTED);
        assertStatus(report, "read-user", UNSUPPORTED);
        assertEquals("Bearer " + ACCESS_TOKEN.reveal(), host.requests().get(0).getHeader("Authorization"));
    }

    @Test
    void appPasswordWorksButIsWarnedAbout() {
        host.on("GET", "/api/user", withCredential(json(200, USER), "app_password", "repository, account"));

        InspectionReport report = inspect(InspectionRequest.builder(endpoint(HostKind.BITBUCKET_CLOUD, "https://bitbucket.org"), APP_PASSWORD)
                .username("jbuilder").required(require("checkout", "read-user")).build());

        assertTrue(report.passed(), report.toPlainText());
        assertEquals(TokenKind.BITBUCKET_APP_PASSWORD, report.tokenKind());
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("stop working on 2026-07-28 (in 149 days; brownouts from 2026-06-09)")),
                String.valueOf(report.warnings()));
    }

    @Test
    void credentialTypeHeaderOverridesTheDeclaredKind() {
        host.on("GET", "/api/user", withCredential(json(200, USER), "app_password", "repository"));

        InspectionReport report = inspect(InspectionRequest.builder(endpoint(HostKind.BITBUCKET_CLOUD, "https://bitbucket.org"),
                        SecretText.of("not-a-prefixed-secret-0123456789")).tokenKind(TokenKind.BITBUCKET_API_TOKEN)
                .email("jane@acme.example").required(require("checkout")).build());

        assertEquals(TokenKind.BITBUCKET_APP_PASSWORD, report.tokenKind());
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("x-credential-type: app_password")));
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("app password")));
    }

    @Test
    void roleUnknownLeavesPushUnknown() {
        host.on("GET", "/api/user", withCredential(json(200, USER), "api_token",
                        "read:repository:bitbucket, write:repository:bitbucket"))
                .on("GET", "/api/repositories/acme/app", json(200, REPOSITORY))
                .on("GET", "/api/user/permissions/repositories", json(403,
                        "{\"type\":\"error\",\"error\":{\"message\":\"Your credentials lack one or more required privilege scopes.\"}}"));

        InspectionReport report = inspect(InspectionRequest.builder(endpoint(HostKind.BITBUCKET_CLOUD, "https://bitbucket.org"), API_TOKEN)
                .email("jane@acme.example").repository("acme/app").required(require("push")).build());

        assertStatus(report, "push", UNKNOWN);
    }

    @Test
    void wrongEmailOrTokenFails() {
        host.on("GET", "/api/user", new MockResponse().setResponseCode(401).setHeader("www-authenticate", "Basic realm=\"Bitbucket.org HTTP\""));

        InspectionReport report = inspect(InspectionRequest.builder(endpoint(HostKind.BITBUCKET_CLOUD, "https://bitbucket.org"), API_TOKEN)
                .email("jane@acme.example").required(require("checkout")).build());

        assertFalse(report.passed());
        assertTrue(report.summary().contains("Atlassian account email"), report.summary());
        assertEquals(List.of("GET /api/user"), host.received());
    }

    @Test
    void apiTokenWithoutEmailIsRefusedBeforeAnyCall() {
        InspectionReport report = inspect(InspectionRequest.builder(endpoint(HostKind.BITBUCKET_CLOUD, "https://bitbucket.org"), API_TOKEN)
                .required(require("checkout")).build());

        assertTrue(report.summary().contains("needs the Atlassian account email"), report.summary());
        assertEquals(List.of(), host.received());
    }
}
