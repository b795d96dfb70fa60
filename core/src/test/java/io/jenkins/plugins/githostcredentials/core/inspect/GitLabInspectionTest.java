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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GitLabInspectionTest extends InspectionTestSupport {

    static final SecretText TOKEN = SecretText.of("glpat-" + "8xQzVu3nW7tYb2cRk9dE");

    private static String self(String scopes, boolean active, boolean revoked, String expiresAt) {
        return "{\"id\":4,\"name\":\"jenkins\",\"revoked\":" + revoked + ",\"created_at\":\"2025-07-23T14:31:47.729Z\","
                + "\"description\":\"CI\",\"scopes\":" + scopes + ",\"user_id\":24,"
                + "\"last_used_at\":\"2026-02-28T17:58:37.550Z\",\"active\":" + active + ",\"expires_at\":"
                + (expiresAt == null ? "null" : "\"" + expiresAt + "\"") + "}";
    }

    private static final String USER = """
            {"id":24,"username":"jenkins-ci","name":"Jenkins CI","state":"active","bot":false,
             "web_url":"https://gitlab.example.com/jenkins-ci"}""";

    private static String project(String visibility, Integer projectAccess, Integer groupAccess) {
        return "{\"id\":3,\"path_with_namespace\":\"platform/tools/builder\",\"visibility\":\"" + visibility + "\","
                + "\"permissions\":{\"project_access\":" + access(projectAccess) + ",\"group_access\":"
                + access(groupAccess) + "}}";
    }

    private static String access(Integer level) {
        return level == null ? "null" : "{\"access_level\":" + level + ",\"notification_level\":3}";
    }

    private InspectionRequest.Builder request(String repository, String... required) {
        return InspectionRequest.builder(endpoint(HostKind.GITLAB, "https://gitlab.example.com"), TOKEN)
                .repository(repository).required(require(required));
    }

    @Test
    void gitLabWithoutTokenSelfEndpointIsNamedOlderThan15Point5() {
        // GitLab's REST docs (personal_access_tokens.md, "Get single personal access token"): "Introduced in
        // GitLab 15.5"; older versions answer an unknown route with GitLab's standard {"error":"404 Not Found"}.
        host.on("GET", "/api/personal_access_tokens/self", json(404, "{\"error\":\"404 Not Found\"}"))
                .on("GET", "/api/user", json(200, USER));

        InspectionReport report = inspect(request(null, "read-user").build());

        assertTrue(report.notes().stream().anyMatch(note -> note.contains("/personal_access_tokens/self")
                && note.contains("GitLab 15.5")), report.notes().toString());
        assertFalse(report.notes().stream().anyMatch(note -> note.contains("15.0")), report.notes().toString());
    }

    @Test
    void apiScopeAndDeveloperRoleGrantEverythingGitLabOffers() {
        host.on("GET", "/api/personal_access_tokens/self", json(200, self("[\"api\"]", true, false, "2026-12-31"))
                        .setHeader("RateLimit-Limit", "2000").setHeader("RateLimit-Remaining", "1999"))
                .on("GET", "/api/user", json(200, USER))
                .on("GET", "/api/projects/platform%2Ftools%2Fbuilder", json(200, project("private", 30, null)));

        InspectionReport report = inspect(request("platform/tools/builder",
                "checkout", "push", "commit-status", "pull-request-comment", "read-user", "atlantis").build());

        assertTrue(report.passed(), report.toPlainText());
        assertEquals("jenkins-ci (Jenkins CI)", report.identity());
        assertEquals(List.of("api"), report.grantedScopes().orElseThrow());
        assertEquals(Instant.parse("2026-12-31T00:00:00Z"), report.expiresAt().orElseThrow());
        assertStatus(report, "gitlab:api", GRANTED);
        assertEquals(1999, report.rateLimit().orElseThrow().remaining().getAsInt());
        assertEquals(TOKEN.reveal(), host.requests().get(0).getHeader("PRIVATE-TOKEN"));
    }

    @Test
    void readRepositoryOnlyLeavesTheRestMissingAndTheRoleUnknown() {
        host.on("GET", "/api/personal_access_tokens/self", json(200, self("[\"read_repository\"]", true, false, null)))
                .on("GET", "/api/user", json(403, "{\"error\":\"insufficient_scope\",\"error_description\":"
                        + "\"The request requires higher privileges than provided by the access token.\",\"scope\":\"api read_user\"}"))
                .on("GET", "/api/projects/platform%2Fbuilder", json(403, "{\"error\":\"insufficient_scope\","
                        + "\"error_description\":\"The request requires higher privileges than provided by the access token.\","
                        + "\"scope\":\"api read_api\"}"));

        InspectionReport report = inspect(request("platform/builder",
                "checkout", "push", "commit-status", "pull-request-comment", "read-user").build());

        assertStatus(report, "checkout", UNKNOWN);
        assertStatus(report, "push", MISSING);
        assertStatus(report, "commit-status", MISSING);
        assertStatus(report, "pull-request-comment", MISSING);
        assertStatus(report, "read-user", MISSING);
        assertEquals("GitLab user #24", report.identity());
        assertEquals("MISSING: write_repository, api, read_user on platform/builder", report.summary());
        assertTrue(check(report, "checkout").reason().contains("role on platform/builder cannot be read"));
    }

    @Test
    void reporterMayReadButNotPush() {
        host.on("GET", "/api/personal_access_tokens/self", json(200, self("[\"api\"]", true, false, null)))
                .on("GET", "/api/user", json(200, USER))
                .on("GET", "/api/projects/platform%2Fbuilder", json(200, project("private", null, 20)));

        InspectionReport report = inspect(request("platform/builder", "checkout", "push").build());

        assertStatus(report, "checkout", GRANTED);
        assertStatus(report, "push", MISSING);
        assertEquals("Developer role on platform/builder", check(report, "push").toGrant());
    }

    @Test
    void revokedTokenFails() {
        host.on("GET", "/api/personal_access_tokens/self", json(200, self("[\"api\"]", false, true, null)));

        InspectionReport report = inspect(request(null, "checkout").build());

        assertFalse(report.passed());
        assertTrue(report.summary().contains("was revoked"), report.summary());
    }

    @Test
    void inactiveTokenFails() {
        host.on("GET", "/api/personal_access_tokens/self", json(200, self("[\"api\"]", false, false, "2026-02-01")));

        InspectionReport report = inspect(request(null, "checkout").build());

        assertFalse(report.passed());
        assertTrue(report.summary().contains("is not active (expired on 2026-02-01)"), report.summary());
    }

    @Test
    void expiredTokenAnswered401Fails() {
        host.on("GET", "/api/personal_access_tokens/self", json(401, "{\"error\":\"invalid_token\",\"error_description\":"
                + "\"Token is expired. You can either do re-authorization or token refresh.\"}")
                .setHeader("WWW-Authenticate", "Bearer realm=\"\", error=\"invalid_token\", error_description=\"Token is expired.\""));

        InspectionReport report = inspect(request(null, "checkout").build());

        assertFalse(report.authenticated());
        assertTrue(report.summary().contains("Token is expired"), report.summary());
    }

    @Test
    void botUsersAndExpirySoonAndSudoAreReported() {
        host.on("GET", "/api/personal_access_tokens/self", json(200, self("[\"api\",\"sudo\"]", true, false, "2026-03-05")))
                .on("GET", "/api/user", json(200, "{\"id\":77,\"username\":\"project_3_bot_abc\",\"name\":\"ci-bot\",\"bot\":true}"));

        InspectionReport report = inspect(request(null, "checkout", "checks").build());

        assertTrue(report.identity().contains("bot user of a project or group access token"), report.identity());
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("sudo")), String.valueOf(report.warnings()));
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("expires on 2026-03-05 (in 3 days)")),
                String.valueOf(report.warnings()));
        assertStatus(report, "checks", UNSUPPORTED);
        assertEquals("UNSUPPORTED: checks on GitLab", report.summary());
    }

    @Test
    void publicProjectNeedsNoRoleToRead() {
        host.on("GET", "/api/personal_access_tokens/self", json(200, self("[\"read_api\",\"read_repository\"]", true, false, null)))
                .on("GET", "/api/user", json(200, USER))
                .on("GET", "/api/projects/gnome%2Fgtk", json(200, project("public", null, null)));

        InspectionReport report = inspect(request("gnome/gtk", "checkout").build());

        assertStatus(report, "checkout", GRANTED);
    }
}
