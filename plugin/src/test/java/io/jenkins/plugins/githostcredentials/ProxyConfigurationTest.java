package io.jenkins.plugins.githostcredentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.ProxyConfiguration;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.core.http.ProxySettings;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionReport;
import io.jenkins.plugins.githostcredentials.credentials.GitLabTokenCredentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Calls to hosts go through Jenkins' proxy configuration, all of it: server, port, no-proxy hosts and credentials. A
 * MockWebServer plays a proxy that demands Basic authentication (HTTP 407, RFC 7235) and answers for a GitLab that
 * only the proxy can reach.
 */
@WithJenkins
class ProxyConfigurationTest {

    private static final String USER = "jenkins-proxy";
    private static final String PASSWORD = "Pr0xy-S3cret-value";
    private static final String GITLAB_TOKEN = "glpat-" + "xY12zW34vU56tS78rQ90";
    /** Resolvable by nobody: only the proxy answers for it. */
    private static final String GITLAB = "http://gitlab.example.invalid";

    private JenkinsRule r;
    private final MockWebServer proxy = new MockWebServer();
    private final List<RecordedRequest> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start(JenkinsRule rule) throws Exception {
        r = rule;
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        proxy.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                received.add(request);
                if (!expected.equals(request.getHeader("Proxy-Authorization"))) {
                    return new MockResponse().setResponseCode(407)
                            .setHeader("Proxy-Authenticate", "Basic realm=\"Squid proxy-caching web server\"");
                }
                // a proxied request names the whole URL: "GET http://gitlab.example.invalid/api/v4/user HTTP/1.1"
                String target = request.getRequestLine().split(" ")[1];
                return target.startsWith(GITLAB) ? gitLab(target.substring(GITLAB.length())) : notFound();
            }
        });
        proxy.start();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.shutdown();
    }

    /** GitLab's answers to what Verify asks (shapes from GitLab's REST API docs). */
    private static MockResponse gitLab(String path) {
        if (path.equals("/api/v4/personal_access_tokens/self")) {
            return json("{\"id\":42,\"name\":\"Jenkins\",\"revoked\":false,\"active\":true,"
                    + "\"scopes\":[\"api\"],\"user_id\":7,\"expires_at\":\"2099-01-31\"}");
        }
        if (path.equals("/api/v4/user")) {
            return json("{\"id\":7,\"username\":\"jenkins-bot\",\"name\":\"Jenkins bot\"}");
        }
        return notFound();
    }

    private static MockResponse notFound() {
        return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
                .setBody("{\"message\":\"404 Not Found\"}");
    }

    private static MockResponse json(String body) {
        return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
    }

    @Test
    void jenkinsProxyConfigurationIsTakenWhole() {
        assertSame(ProxySettings.jvmDefault(), GitHostService.currentProxy(), "no proxy configured");

        r.jenkins.proxy = new ProxyConfiguration("proxy.example.com", 3128, USER, PASSWORD,
                "*.internal.example.com\ngithub.example.com");
        ProxySettings settings = GitHostService.currentProxy();

        assertEquals(ProxySettings.fromJenkins("proxy.example.com", 3128, USER, PASSWORD,
                "*.internal.example.com\ngithub.example.com"), settings);
        assertEquals(List.of("*.internal.example.com", "github.example.com"), settings.noProxyHosts());
        assertFalse(settings.toString().contains(PASSWORD), settings.toString());
        assertNotEquals(ProxySettings.fromJenkins("proxy.example.com", 3128, USER, "another", null), settings);
    }

    @Test
    void verifyReachesAHostOnlyTheAuthenticatingProxyCanReach() throws Exception {
        r.jenkins.proxy = new ProxyConfiguration("127.0.0.1", proxy.getPort(), USER, PASSWORD, null);
        GitLabTokenCredentials credentials = new GitLabTokenCredentials(
                CredentialsScope.GLOBAL, "gitlab", null, GITLAB, Secret.fromString(GITLAB_TOKEN));

        InspectionReport report = GitHostService.get().verify(credentials.tokenSource(), null, "checkout");

        assertTrue(report.passed(), report.toPlainText());
        assertTrue(report.identity().contains("jenkins-bot"), report.identity());
        // OkHttp sends each request bare and answers the proxy's 407 with the credentials: pairs of the same request
        assertEquals(0, received.size() % 2, "a request was not answered with credentials after the 407");
        for (int i = 0; i < received.size(); i += 2) {
            assertNull(received.get(i).getHeader("Proxy-Authorization"), "credentials go only to a proxy that asks");
            assertNotNull(received.get(i + 1).getHeader("Proxy-Authorization"));
            assertEquals(received.get(i).getRequestLine(), received.get(i + 1).getRequestLine());
        }
        assertFalse(report.toPlainText().contains(PASSWORD));
    }

    @Test
    void aNoProxyHostIsReachedDirectly() throws Exception {
        MockWebServer directGitLab = new MockWebServer();
        directGitLab.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return gitLab(request.getPath());
            }
        });
        directGitLab.start();
        try {
            r.jenkins.proxy = new ProxyConfiguration("127.0.0.1", proxy.getPort(), USER, PASSWORD, "127.0.0.1");
            GitLabTokenCredentials credentials = new GitLabTokenCredentials(CredentialsScope.GLOBAL, "gitlab", null,
                    "http://127.0.0.1:" + directGitLab.getPort(), Secret.fromString(GITLAB_TOKEN));

            InspectionReport report = GitHostService.get().verify(credentials.tokenSource(), null, null);

            assertTrue(report.passed(), report.toPlainText());
            assertTrue(directGitLab.getRequestCount() >= 1, "the excluded host was not called directly");
            assertEquals(0, received.size(), "a request to an excluded host went through the proxy");
        } finally {
            directGitLab.shutdown();
        }
    }
}
