package io.jenkins.plugins.githostcredentials.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.util.FormValidation;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The Verify button against a self-managed GitLab and a GitHub Enterprise Server played by MockWebServer. */
@WithJenkins
class VerifyTest {

    private MockWebServer host;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private volatile String gitLabScopes = "[\"api\"]";
    private volatile boolean refuse;

    @BeforeEach
    void startHost() throws Exception {
        host = new MockWebServer();
        host.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                synchronized (requests) {
                    requests.add(request);
                }
                if (refuse) {
                    return json(401, "{\"message\":\"401 Unauthorized\"}");
                }
                String path = request.getPath();
                if (path.equals("/api/v4/personal_access_tokens/self")) {
                    return json(200, "{\"id\":42,\"name\":\"Jenkins\",\"revoked\":false,\"active\":true,"
                            + "\"scopes\":" + gitLabScopes + ",\"user_id\":7,\"expires_at\":\"2099-01-31\"}");
                }
                if (path.equals("/api/v4/user")) {
                    return json(200, "{\"id\":7,\"username\":\"jenkins-bot\",\"name\":\"Jenkins bot\"}");
                }
                if (path.equals("/api/v3/user")) {
                    return json(200, "{\"login\":\"octo-bot\",\"id\":1,\"type\":\"User\"}")
                            .addHeader("X-OAuth-Scopes", "repo, read:org")
                            .addHeader("X-GitHub-Enterprise-Version", "3.14.0");
                }
                return json(404, "{\"message\":\"Not Found\"}");
            }
        });
        host.start();
    }

    @AfterEach
    void stopHost() throws Exception {
        host.shutdown();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    private String serverUrl() {
        return "http://127.0.0.1:" + host.getPort();
    }

    private static GitLabTokenCredentials.DescriptorImpl gitLab() {
        return Jenkins.get().getDescriptorByType(GitLabTokenCredentials.DescriptorImpl.class);
    }

    @Test
    void gitLabTokenWithApiScopePassesAndTheReportNamesTheBot(JenkinsRule r) throws Exception {
        FormValidation report = gitLab().doVerify(null, serverUrl(), CredentialFixtures.GITLAB_TOKEN, null, null, null,
                null, "checkout, push, commit-status");
        assertTrue(report.kind != FormValidation.Kind.ERROR, report.renderHtml());
        assertTrue(report.renderHtml().contains("jenkins-bot"), report.renderHtml());
        assertFalse(report.renderHtml().contains(CredentialFixtures.GITLAB_TOKEN));
        synchronized (requests) {
            assertFalse(requests.isEmpty());
            for (RecordedRequest request : requests) {
                assertEquals(CredentialFixtures.GITLAB_TOKEN, request.getHeader("PRIVATE-TOKEN"), request.getPath());
            }
        }
    }

    @Test
    void missingScopeIsAnErrorNamingWhatToGrant(JenkinsRule r) throws Exception {
        gitLabScopes = "[\"read_repository\"]";
        FormValidation report = gitLab().doVerify(null, serverUrl(), CredentialFixtures.GITLAB_TOKEN, null, null, null,
                null, "push");
        assertEquals(FormValidation.Kind.ERROR, report.kind, report.renderHtml());
        assertTrue(report.renderHtml().contains("write_repository"), report.renderHtml());
    }

    @Test
    void refusedTokenIsAnErrorWithoutTheToken(JenkinsRule r) throws Exception {
        refuse = true;
        FormValidation report = gitLab().doVerify(null, serverUrl(), CredentialFixtures.GITLAB_TOKEN, null, null, null,
                null, null);
        assertEquals(FormValidation.Kind.ERROR, report.kind, report.renderHtml());
        assertTrue(report.renderHtml().contains("401"), report.renderHtml());
        assertFalse(report.renderHtml().contains(CredentialFixtures.GITLAB_TOKEN));
    }

    @Test
    void unknownRequirementWordIsReportedWithoutCallingTheHost(JenkinsRule r) throws Exception {
        FormValidation report = gitLab().doVerify(null, serverUrl(), CredentialFixtures.GITLAB_TOKEN, null, null, null,
                null, "deploy-everything");
        assertEquals(FormValidation.Kind.ERROR, report.kind);
        assertTrue(report.getMessage().contains("Unknown requirement"), report.getMessage());
        assertEquals(0, host.getRequestCount());
    }

    @Test
    void gitHubEnterpriseClassicTokenShowsItsUserAndScopes(JenkinsRule r) throws Exception {
        FormValidation report = Jenkins.get().getDescriptorByType(GitHubTokenCredentials.DescriptorImpl.class)
                .doVerify(null, serverUrl(), CredentialFixtures.GITHUB_TOKEN, null, null, null, null, null);
        assertTrue(report.kind != FormValidation.Kind.ERROR, report.renderHtml());
        assertTrue(report.renderHtml().contains("octo-bot"), report.renderHtml());
        synchronized (requests) {
            assertEquals("Bearer " + CredentialFixtures.GITHUB_TOKEN, requests.get(0).getHeader("Authorization"));
        }
    }
}
