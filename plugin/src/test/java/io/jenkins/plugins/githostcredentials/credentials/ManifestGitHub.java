package io.jenkins.plugins.githostcredentials.credentials;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A GitHub Enterprise Server on MockWebServer for the manifest flow: its registration pages (where the browser posts
 * the manifest) and {@code POST /api/v3/app-manifests/{code}/conversions}, which answers GitHub's documented 201
 * body once for {@link #CODE} (a code works once) and 404 otherwise.
 */
final class ManifestGitHub extends Dispatcher implements AutoCloseable {

    /** The code form GitHub's manifest documentation shows on its example redirect. */
    static final String CODE = "a180b1a3d263c81bc6441d7b990bae27d4c10679";
    static final String CLIENT_SECRET = "1726be1638095a19edd134c77bde3aa2ece1e5d8";
    static final String WEBHOOK_SECRET = "e340154128314309424b7c8e90325147d99fdafa";
    static final long APP_ID = 4711;
    static final String SLUG = "jenkins-ci";
    static final String PEM = CredentialFixtures.APP_KEY_PEM;

    private static final ObjectMapper JSON = new ObjectMapper();

    final MockWebServer server = new MockWebServer();
    /** Every conversion request's path, in order. */
    final List<String> conversions = new CopyOnWriteArrayList<>();
    /** What browsers posted to the registration pages. */
    final BlockingQueue<RecordedRequest> registrations = new LinkedBlockingQueue<>();
    private volatile boolean converted;

    ManifestGitHub() throws IOException {
        server.setDispatcher(this);
        server.start();
    }

    /** What the form's server URL field holds for this host. */
    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** The app's page, in GitHub Enterprise Server's form. */
    String appUrl() {
        return url() + "/github-apps/" + SLUG;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath();
        if ("POST".equals(request.getMethod()) && path.startsWith("/api/v3/app-manifests/")) {
            conversions.add(path);
            if (path.equals("/api/v3/app-manifests/" + CODE + "/conversions") && !converted) {
                converted = true;
                return json(201, conversionBody());
            }
            return json(404, "{\"message\":\"Not Found\",\"documentation_url\":"
                    + "\"https://docs.github.com/rest/apps/apps#create-a-github-app-from-a-manifest\"}");
        }
        if ("POST".equals(request.getMethod()) && path.matches("(/organizations/[^/]+)?/settings/apps/new\\?state=.*")) {
            registrations.add(request);
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/html; charset=utf-8")
                    .setBody("<html><body><p>GitHub shows the new app's settings here.</p></body></html>");
        }
        return json(404, "{\"message\":\"Not Found\"}");
    }

    /**
     * The 201 example of "Create a GitHub App from a manifest" in GitHub's REST API reference, with this host's URLs,
     * an organization owner, and a key generated for the test run.
     */
    private String conversionBody() {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", APP_ID);
        body.put("slug", SLUG);
        body.put("node_id", "MDxOkludGVncmF0aW9uMQ==");
        ObjectNode owner = body.putObject("owner");
        owner.put("login", "acme");
        owner.put("id", 1);
        owner.put("type", "Organization");
        body.put("name", "Jenkins CI");
        body.put("description", "");
        body.put("external_url", "https://jenkins.example.com/");
        body.put("html_url", appUrl());
        body.put("created_at", "2026-12-03T16:18:44Z");
        body.put("updated_at", "2026-12-03T16:18:44Z");
        ObjectNode permissions = body.putObject("permissions");
        permissions.put("metadata", "read");
        permissions.put("contents", "read");
        permissions.put("statuses", "write");
        body.putArray("events").add("push").add("status");
        body.put("client_id", "Iv23liManifestTest01");
        body.put("client_secret", CLIENT_SECRET);
        body.put("webhook_secret", WEBHOOK_SECRET);
        body.put("pem", PEM);
        return body.toString();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json; charset=utf-8")
                .setBody(body);
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
