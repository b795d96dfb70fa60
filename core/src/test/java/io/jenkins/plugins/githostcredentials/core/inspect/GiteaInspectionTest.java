package io.jenkins.plugins.githostcredentials.core.inspect;

import static io.jenkins.plugins.githostcredentials.core.inspect.CapabilityCheck.Status.GRANTED;
import static io.jenkins.plugins.githostcredentials.core.inspect.CapabilityCheck.Status.MISSING;
import static io.jenkins.plugins.githostcredentials.core.inspect.CapabilityCheck.Status.UNSUPPORTED;
import static io.jenkins.plugins.githostcredentials.core.inspect.FakeHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.http.HostRequest;
import io.jenkins.plugins.githostcredentials.core.http.HostResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class GiteaInspectionTest extends InspectionTestSupport {

    static final SecretText TOKEN = SecretText.of("3f9a6c2e8b1d4f7a0c5e9b2d6f8a1c3e5b7d9f0a");

    private static final String USER = """
            {"id":7,"login":"ci-bot","full_name":"CI Bot","email":"ci@example.com","is_admin":false,"username":"ci-bot"}""";

    private static String repository(boolean push) {
        return "{\"id\":12,\"full_name\":\"team/app\",\"private\":true,\"default_branch\":\"main\","
                + "\"permissions\":{\"admin\":false,\"push\":" + push + ",\"pull\":true}}";
    }

    private static final String BINDING_FAILED = "[{\"fieldNames\":[\"NewBranchName\"],\"classification\":\"RequiredError\",\"message\":\"Required\"}]";

    private static String scopeRefused(String scope) {
        return "{\"message\":\"token does not have at least one of required scope(s), required=[" + scope
                + "], token scope=read:repository,read:user\",\"url\":\"https://gitea.example.com/api/swagger\"}";
    }

    private InspectionRequest.Builder request(String repository, String... required) {
        return InspectionRequest.builder(endpoint(HostKind.GITEA, "https://gitea.example.com"), TOKEN)
                .repository(repository).required(require(required));
    }

    @Test
    void writeScopesAreProvenByRequestsGiteaMustReject() throws Exception {
        host.on("GET", "/api/user", json(200, USER))
                .on("GET", "/api/repos/team/app", json(200, repository(true)))
                .on("POST", "/api/repos/team/app/branches", json(422, BINDING_FAILED))
                .on("POST", "/api/repos/team/app/issues/0/comments", json(422,
                        "[{\"fieldNames\":[\"Body\"],\"classification\":\"RequiredError\",\"message\":\"Required\"}]"));

        InspectionReport report = inspect(request("team/app",
                "checkout", "push", "commit-status", "pull-request-comment", "read-user", "checks").build());

        assertStatus(report, "checkout", GRANTED);
        assertStatus(report, "push", GRANTED);
        assertStatus(report, "commit-status", GRANTED);
        assertStatus(report, "pull-request-comment", GRANTED);
        assertStatus(report, "read-user", GRANTED);
        assertStatus(report, "checks", UNSUPPORTED);
        assertEquals("ci-bot (CI Bot)", report.identity());
        assertEquals("token " + TOKEN.reveal(), host.requests().get(0).getHeader("Authorization"));
        assertEquals(1, host.received().stream().filter(r -> r.startsWith("POST /api/repos/team/app/branches")).count(),
                "push and commit-status share one probe");
    }

    @Test
    void readOnlyTokenIsMissingTheWriteScopes() {
        host.on("GET", "/api/user", json(200, USER))
                .on("GET", "/api/repos/team/app", json(200, repository(true)))
                .on("POST", "/api/repos/team/app/branches", json(403, scopeRefused("write:repository")))
                .on("POST", "/api/repos/team/app/issues/0/comments", json(403, scopeRefused("write:issue")));

        InspectionReport report = inspect(request("team/app", "checkout", "push", "pull-request-comment", "atlantis").build());

        assertStatus(report, "checkout", GRANTED);
        assertStatus(report, "push", MISSING);
        assertStatus(report, "pull-request-comment", MISSING);
        assertStatus(report, "gitea:write:repository", MISSING);
        assertStatus(report, "gitea:read:user", GRANTED);
        assertEquals("MISSING: write:repository, write:issue on team/app", report.summary());
        assertTrue(check(report, "push").reason().contains("required=[write:repository]"));
    }

    @Test
    void theScopeToGrantIsTheOneGiteaNamesInItsRefusal() {
        // Forgejo (and Gitea 1.19-1.20) word the 403 of routers/api/v1 tokenRequiresScopes without "required=";
        // here Forgejo asks for write:user where the probe is about write:repository: the host's word wins.
        host.on("GET", "/api/user", json(200, USER))
                .on("GET", "/api/repos/team/app", json(200, repository(true)))
                .on("POST", "/api/repos/team/app/branches", json(403, "{\"message\":\"token does not have at least one"
                        + " of required scope(s): [write:user]\",\"url\":\"https://codeberg.org/api/swagger\"}"));

        InspectionReport report = inspect(request("team/app", "push").build());

        assertStatus(report, "push", MISSING);
        assertEquals("write:user", check(report, "push").toGrant());
        assertTrue(check(report, "push").reason().contains("required scope(s): [write:user]"),
                check(report, "push").reason());
    }

    @Test
    void requiredScopesAreReadFromBothWordings() throws Exception {
        assertEquals(List.of("write:issue"), GiteaInspection.requiredScopes(response(scopeRefused("write:issue"))));
        assertEquals(List.of("read:repository", "write:repository"), GiteaInspection.requiredScopes(response(
                "{\"message\":\"token does not have at least one of required scope(s): [read:repository"
                        + " write:repository]\"}")));
        assertEquals(List.of(), GiteaInspection.requiredScopes(response(
                "{\"message\":\"user should have a permission to write to a repo\"}")));
    }

    /** A real 403 answer with this body, from the mock server. */
    private HostResponse response(String body) throws Exception {
        host.on("GET", "/api/refusal", json(403, body));
        return fastClient().execute(HostRequest.get(server.url("/api/refusal").toString()));
    }

    @Test
    void userWithoutWriteRoleIsMissingPushWithoutAProbe() {
        host.on("GET", "/api/user", json(200, USER))
                .on("GET", "/api/repos/team/app", json(200, repository(false)));

        InspectionReport report = inspect(request("team/app", "push").build());

        assertStatus(report, "push", MISSING);
        assertTrue(host.received().stream().noneMatch(r -> r.startsWith("POST")));
    }

    @Test
    void tokenWithoutReadUserStillAuthenticates() {
        host.on("GET", "/api/user", json(403, scopeRefused("read:user")));

        InspectionReport report = inspect(request(null, "read-user").build());

        assertTrue(report.authenticated());
        assertStatus(report, "read-user", MISSING);
        assertEquals("read:user", check(report, "read-user").toGrant());
    }

    @Test
    void refusedTokenFails() {
        host.on("GET", "/api/user", json(401, "{\"message\":\"user does not exist [uid: 0, name: ]\",\"url\":\"https://gitea.example.com/api/swagger\"}"));

        InspectionReport report = inspect(request("team/app", "checkout").build());

        assertFalse(report.passed());
        assertTrue(report.summary().startsWith("FAILED: Gitea refused the token (HTTP 401"), report.summary());
    }
}
