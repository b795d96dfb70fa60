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
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;

class BitbucketDataCenterInspectionTest extends InspectionTestSupport {

    static final SecretText TOKEN = SecretText.of("BBDC-" + "NjE2NDU5NjQ2OTMwOn0Yv9pXjJ0FQ+3qkP1zJxgqM4Ko");

    private static final String REPOSITORY = """
            {"slug":"my-repo","id":1,"name":"My repo","scmId":"git","state":"AVAILABLE","forkable":true,
             "project":{"key":"PRJ","id":1,"name":"My Cool Project","public":false,"type":"NORMAL"},"public":false}""";

    private static MockResponse asUser(MockResponse response, String user) {
        return response.setHeader("X-AUSERNAME", user).setHeader("X-AUSERID", "101").setHeader("X-AREQUESTID", "@1AX4HU");
    }

    private InspectionRequest.Builder request(TokenKind kind, String repository, String... required) {
        return InspectionRequest.builder(endpoint(HostKind.BITBUCKET_DATA_CENTER, "https://bitbucket.example.com"), TOKEN)
                .tokenKind(kind).repository(repository).required(require(required));
    }

    private void readableRepository(String user) {
        host.on("GET", "/api/projects/PRJ/repos/my-repo", asUser(json(200, REPOSITORY), user))
                .on("GET", "/api/projects/PRJ/repos/my-repo/pull-requests?limit=1", asUser(json(200,
                        "{\"size\":0,\"limit\":1,\"isLastPage\":true,\"values\":[],\"start\":0}"), user));
    }

    @Test
    void projectTokenWithWriteIsGranted() {
        readableRepository("project-42-bot");
        host.on("GET", "/api/repos?name=my-repo&permission=REPO_WRITE&limit=100", asUser(json(200,
                "{\"size\":1,\"limit\":100,\"isLastPage\":true,\"values\":[" + REPOSITORY + "],\"start\":0}"), "project-42-bot"))
                .on("GET", "/api/projects/PRJ", asUser(json(200,
                        "{\"key\":\"PRJ\",\"id\":1,\"name\":\"My Cool Project\",\"public\":false,\"type\":\"NORMAL\"}"), "project-42-bot"));

        InspectionReport report = inspect(request(TokenKind.BITBUCKET_DC_PROJECT_TOKEN, "PRJ/my-repo",
                "checkout", "push", "commit-status", "pull-request-comment", "read-user", "atlantis").build());

        assertStatus(report, "checkout", GRANTED);
        assertStatus(report, "push", GRANTED);
        assertStatus(report, "commit-status", GRANTED);
        assertStatus(report, "pull-request-comment", GRANTED);
        assertStatus(report, "read-user", UNSUPPORTED);
        assertStatus(report, "bitbucket-dc:REPO_WRITE", GRANTED);
        assertStatus(report, "bitbucket-dc:PROJECT_READ", GRANTED);
        assertTrue(report.identity().startsWith("project-42-bot"), report.identity());
        assertEquals("Bearer " + TOKEN.reveal(), host.requests().get(0).getHeader("Authorization"));
    }

    @Test
    void personalTokenWriteStaysUnknownWhenTheUserMayWrite() {
        readableRepository("jdoe");
        host.on("GET", "/api/repos?name=my-repo&permission=REPO_WRITE&limit=100", asUser(json(200,
                "{\"size\":1,\"limit\":100,\"isLastPage\":true,\"values\":[" + REPOSITORY + "],\"start\":0}"), "jdoe"));

        InspectionReport report = inspect(request(TokenKind.BITBUCKET_DC_PERSONAL_TOKEN, "PRJ/my-repo", "push", "read-user").build());

        assertStatus(report, "push", UNKNOWN);
        assertStatus(report, "read-user", GRANTED);
        assertEquals("jdoe", report.identity());
        assertTrue(report.passed());
    }

    @Test
    void repositoryNotAmongWritableOnesIsMissing() {
        readableRepository("jdoe");
        host.on("GET", "/api/repos?name=my-repo&permission=REPO_WRITE&limit=100", asUser(json(200,
                "{\"size\":0,\"limit\":100,\"isLastPage\":true,\"values\":[],\"start\":0}"), "jdoe"));

        InspectionReport report = inspect(request(TokenKind.BITBUCKET_DC_PERSONAL_TOKEN, "PRJ/my-repo", "checkout", "push").build());

        assertStatus(report, "checkout", GRANTED);
        assertStatus(report, "push", MISSING);
        assertEquals("MISSING: REPO_WRITE on PRJ/my-repo", report.summary());
    }

    @Test
    void invisibleRepositoryIsMissing() {
        host.on("GET", "/api/projects/PRJ/repos/hidden", asUser(json(404, "{\"errors\":[{\"context\":null,"
                + "\"message\":\"Repository PRJ/hidden does not exist.\",\"exceptionName\":"
                + "\"com.atlassian.bitbucket.repository.NoSuchRepositoryException\"}]}"), "jdoe"));

        InspectionReport report = inspect(request(TokenKind.BITBUCKET_DC_PERSONAL_TOKEN, "PRJ/hidden", "checkout", "push").build());

        assertStatus(report, "checkout", MISSING);
        assertStatus(report, "push", MISSING);
        assertTrue(check(report, "checkout").reason().contains("does not exist"));
    }

    @Test
    void anAnswerWithoutAUserMeansTheTokenWasNotAccepted() {
        host.on("GET", "/api/projects", json(200, "{\"size\":0,\"limit\":1,\"isLastPage\":true,\"values\":[],\"start\":0}"));

        InspectionReport report = inspect(request(TokenKind.BITBUCKET_DC_PERSONAL_TOKEN, null, "checkout").build());

        assertFalse(report.passed());
        assertTrue(report.summary().contains("X-AUSERNAME"), report.summary());
    }

    @Test
    void refusedTokenFails() {
        host.on("GET", "/api/projects/PRJ/repos/my-repo", json(401, "{\"errors\":[{\"context\":null,\"message\":"
                + "\"Authentication failed. Please check your credentials and try again.\",\"exceptionName\":"
                + "\"com.atlassian.bitbucket.auth.IncorrectPasswordAuthenticationException\"}]}"));

        InspectionReport report = inspect(request(TokenKind.BITBUCKET_DC_REPOSITORY_TOKEN, "PRJ/my-repo", "checkout").build());

        assertFalse(report.authenticated());
        assertTrue(report.summary().contains("Authentication failed"), report.summary());
    }

    @Test
    void withoutRepositoryOnlyTheUserIsKnown() {
        host.on("GET", "/api/projects", asUser(json(200, "{\"size\":1,\"limit\":1,\"isLastPage\":false,\"values\":[{\"key\":\"PRJ\"}],\"start\":0}"), "jdoe"));

        InspectionReport report = inspect(request(TokenKind.BITBUCKET_DC_PERSONAL_TOKEN, null, "checkout", "read-user").build());

        assertStatus(report, "checkout", UNKNOWN);
        assertStatus(report, "read-user", GRANTED);
        assertTrue(report.expiresAt().isEmpty());
        assertTrue(report.toPlainText().contains("not reported by Bitbucket Data Center"));
    }
}
