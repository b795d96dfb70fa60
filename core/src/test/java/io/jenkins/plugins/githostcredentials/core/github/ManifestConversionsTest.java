package io.jenkins.plugins.githostcredentials.core.github;

import static io.jenkins.plugins.githostcredentials.core.github.SecretLeakAssertions.assertNoKeyMaterial;
import static io.jenkins.plugins.githostcredentials.core.github.SecretLeakAssertions.assertNoSecret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.githostcredentials.core.github.ManifestConversionException.Reason;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /app-manifests/{code}/conversions} against a fake GitHub, on every path, without leaking a secret. */
class ManifestConversionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The code format GitHub's manifest documentation shows on its example redirect. */
    private static final String CODE = "a180b1a3d263c81bc6441d7b990bae27d4c10679";
    private static final String PEM = TestKeys.pkcs1(TestKeys.RSA);
    private static final String CLIENT_SECRET = "1726be1638095a19edd134c77bde3aa2ece1e5d8";
    private static final String WEBHOOK_SECRET = "e340154128314309424b7c8e90325147d99fdafa";

    /**
     * The 201 example of "Create a GitHub App from a manifest" in GitHub's REST API reference
     * (docs.github.com/rest/apps/apps#create-a-github-app-from-a-manifest), owner shortened to the fields read here,
     * with the example's key replaced by a key generated for the test run.
     */
    private static ObjectNode documentedExample() throws Exception {
        ObjectNode example = (ObjectNode) JSON.readTree("""
                {
                  "id": 1,
                  "slug": "octoapp",
                  "node_id": "MDxOkludGVncmF0aW9uMQ==",
                  "owner": {
                    "login": "github",
                    "id": 1,
                    "node_id": "MDEyOk9yZ2FuaXphdGlvbjE=",
                    "url": "https://api.github.com/orgs/github",
                    "html_url": "https://github.com/octocat",
                    "type": "User",
                    "site_admin": true
                  },
                  "name": "Octocat App",
                  "description": "",
                  "external_url": "https://example.com",
                  "html_url": "https://github.com/apps/octoapp",
                  "created_at": "2017-07-08T16:18:44-04:00",
                  "updated_at": "2017-07-08T16:18:44-04:00",
                  "permissions": {
                    "metadata": "read",
                    "contents": "read",
                    "issues": "write",
                    "single_file": "write"
                  },
                  "events": ["push", "pull_request"],
                  "client_id": "Iv1.8a61f9b3a7aba766",
                  "client_secret": "1726be1638095a19edd134c77bde3aa2ece1e5d8",
                  "webhook_secret": "e340154128314309424b7c8e90325147d99fdafa"
                }
                """);
        example.put("pem", PEM);
        return example;
    }

    private MockWebServer server;
    private ManifestConversions conversions;
    private HostEndpoint github;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        conversions = new ManifestConversions(new HostHttpClient(FakeGitHubTestBase.testHttpSettings()));
        github = new HostEndpoint(HostKind.GITHUB, "https://github.com", server.url("/").toString().replaceAll("/$", ""));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private void answer(int status, String body) {
        server.enqueue(new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json; charset=utf-8")
                .setBody(body));
    }

    @Test
    void theDocumentedAnswerBecomesARegisteredApp() throws Exception {
        answer(201, documentedExample().toString());

        RegisteredApp app = conversions.convert(github, CODE);

        RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
        assertEquals("POST", request.getMethod());
        assertEquals("/app-manifests/" + CODE + "/conversions", request.getPath());
        assertNull(request.getHeader("Authorization"), "the code is the credential: no auth header");
        assertEquals("application/vnd.github+json", request.getHeader("Accept"));
        assertEquals(1, app.id());
        assertEquals("octoapp", app.slug());
        assertEquals("Octocat App", app.name());
        assertEquals("Iv1.8a61f9b3a7aba766", app.clientId());
        assertEquals("github", app.ownerLogin());
        assertEquals("User", app.ownerType());
        assertEquals("https://github.com/apps/octoapp", app.htmlUrl());
        assertEquals("https://github.com/apps/octoapp/installations/new", app.installationUrl());
        assertEquals(Map.of("metadata", "read", "contents", "read", "issues", "write", "single_file", "write"),
                app.permissions());
        assertEquals(List.of("push", "pull_request"), app.events());
        assertEquals(PEM.strip(), app.pem().reveal());
        assertEquals(CLIENT_SECRET, app.clientSecret().reveal());
        assertEquals(WEBHOOK_SECRET, app.webhookSecret().orElseThrow().reveal());
        assertEquals(FakeGitHubTestBase.KEY.fingerprint(), app.keyFingerprint());
        assertEquals("Iv1.8a61f9b3a7aba766", app.issuer(), "github.com: the Client ID, as GitHub recommends");
        assertEquals("Iv1.8a61f9b3a7aba766", app.toGitHubApp().issuer());
    }

    @Test
    void onEnterpriseServerTheApiLivesUnderApiV3AndTheIssuerIsTheAppId() throws Exception {
        HostEndpoint ghes = new HostEndpoint(HostKind.GITHUB_ENTERPRISE, "https://github.example.com",
                server.url("/api/v3").toString());
        answer(201, documentedExample().toString());

        RegisteredApp app = conversions.convert(ghes, CODE);

        assertEquals("/api/v3/app-manifests/" + CODE + "/conversions", server.takeRequest().getPath());
        assertEquals("1", app.issuer(), "GHES 3.13 and older accept only the App ID");
    }

    @Test
    void anAppWithoutWebhookHasNoWebhookSecret() throws Exception {
        ObjectNode example = documentedExample();
        example.putNull("webhook_secret");
        answer(201, example.toString());

        assertTrue(conversions.convert(github, CODE).webhookSecret().isEmpty());
    }

    @Test
    void codesThatCouldChangeThePathAreNeverSent() {
        for (String bad : new String[] {"", " ", "abc/../../user", "..", "a.b", "a%2Fb", "a?b=c", "a b", "x".repeat(129)}) {
            ManifestConversionException e = assertThrows(ManifestConversionException.class,
                    () -> conversions.convert(github, bad), bad);
            assertEquals(Reason.INVALID_CODE, e.reason(), bad);
            assertTrue(e.getMessage().contains("Start the registration again")
                    || e.getMessage().contains("start the registration again"), e.getMessage());
        }
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void notFoundMeansExpiredOrUsed() {
        answer(404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}");

        ManifestConversionException e = assertThrows(ManifestConversionException.class, () -> conversions.convert(github, CODE));
        assertEquals(Reason.CODE_NOT_FOUND, e.reason());
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("expires one hour after the app is created and works only once"), e.getMessage());
        assertTrue(e.getMessage().contains("Start the registration again from Jenkins"), e.getMessage());
        assertTrue(e.getMessage().contains("Not Found"), e.getMessage());
        assertNoSecret(CODE, e.getMessage());
    }

    @Test
    void validationFailedIsReportedWithGitHubsWords() {
        answer(422, "{\"message\":\"Validation Failed\",\"errors\":[],\"documentation_url\":\"https://docs.github.com\"}");

        ManifestConversionException e = assertThrows(ManifestConversionException.class, () -> conversions.convert(github, CODE));
        assertEquals(Reason.REFUSED, e.reason());
        assertTrue(e.getMessage().contains("Validation Failed"), e.getMessage());
    }

    @Test
    void serverErrorsAreNotRetriedAndSayTryAgain() {
        answer(502, "{\"message\":\"Server Error\"}");

        ManifestConversionException e = assertThrows(ManifestConversionException.class, () -> conversions.convert(github, CODE));
        assertEquals(Reason.HOST_UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("usually temporary"), e.getMessage());
        assertEquals(1, server.getRequestCount(), "a POST that may have taken effect is not repeated");
    }

    @Test
    void rateLimitsSayWhen() {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "3600")
                .setBody("{\"message\":\"API rate limit exceeded\"}"));

        ManifestConversionException e = assertThrows(ManifestConversionException.class, () -> conversions.convert(github, CODE));
        assertEquals(Reason.RATE_LIMITED, e.reason());
        assertNoSecret(CODE, e.getMessage());
    }

    @Test
    void anUnreachableHostIsNamedWithoutTheCode() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HostEndpoint gone = new HostEndpoint(HostKind.GITHUB_ENTERPRISE, "http://127.0.0.1:" + closedPort,
                "http://127.0.0.1:" + closedPort + "/api/v3");

        ManifestConversionException e = assertThrows(ManifestConversionException.class, () -> conversions.convert(gone, CODE));
        assertEquals(Reason.HOST_UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("http://127.0.0.1:" + closedPort + "/api/v3"), e.getMessage());
        assertTrue(e.getMessage().contains("{code}"), e.getMessage());
        assertNoSecret(CODE, e.getMessage());
        assertNoSecret(CODE, stackTrace(e));
    }

    @Test
    void anUnreadableKeyIsReportedWithWhereToFindTheApp() throws Exception {
        ObjectNode example = documentedExample();
        String damaged = PEM.replace(PEM.split("\n")[3], "!!!!not-base64!!!!");
        example.put("pem", damaged);
        answer(201, example.toString());

        ManifestConversionException e = assertThrows(ManifestConversionException.class, () -> conversions.convert(github, CODE));
        assertEquals(Reason.UNEXPECTED_RESPONSE, e.reason());
        assertTrue(e.getMessage().contains("GitHub created the app but the private key GitHub sent cannot be read"),
                e.getMessage());
        assertTrue(e.getMessage().contains("https://github.com/apps/octoapp"), e.getMessage());
        assertNoKeyMaterial(damaged, e.getMessage());
        assertNoSecret(CLIENT_SECRET, e.getMessage());
    }

    @Test
    void missingFieldsAreNamed() throws Exception {
        ObjectNode example = documentedExample();
        example.remove("pem");
        example.remove("client_secret");
        answer(201, example.toString());

        ManifestConversionException e = assertThrows(ManifestConversionException.class, () -> conversions.convert(github, CODE));
        assertEquals(Reason.UNEXPECTED_RESPONSE, e.reason());
        assertTrue(e.getMessage().contains("lacks pem, client_secret"), e.getMessage());
    }

    @Test
    void aSignInPageIsNotAnApp() {
        server.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/html")
                .setBody("<html>Sign in</html>"));

        ManifestConversionException e = assertThrows(ManifestConversionException.class, () -> conversions.convert(github, CODE));
        assertEquals(Reason.UNEXPECTED_RESPONSE, e.reason());
        assertNoSecret(CODE, e.getMessage());
    }

    @Test
    void noSecretInToStringOrLogs() throws Exception {
        Logger logger = Logger.getLogger(ManifestConversions.class.getName());
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(new SimpleFormatter().format(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(capture);
        answer(201, documentedExample().toString());
        RegisteredApp app;
        try {
            app = conversions.convert(github, CODE);
        } finally {
            logger.removeHandler(capture);
        }

        assertEquals(1, logged.size());
        assertTrue(logged.get(0).contains("octoapp"), logged.get(0));
        for (String line : logged) {
            assertNoKeyMaterial(PEM, line);
            assertNoSecret(CLIENT_SECRET, line);
            assertNoSecret(WEBHOOK_SECRET, line);
            assertNoSecret(CODE, line);
        }

        String shown = app.toString();
        assertTrue(shown.contains("octoapp") && shown.contains(app.keyFingerprint()), shown);
        assertNoKeyMaterial(PEM, shown);
        assertNoSecret(CLIENT_SECRET, shown);
        assertNoSecret(WEBHOOK_SECRET, shown);
        assertEquals("****", app.pem().toString());
        assertEquals("****", app.clientSecret().toString());
        assertEquals("Optional[****]", app.webhookSecret().toString());
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
