package io.jenkins.plugins.githostcredentials.core.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A GitHub Enterprise Server API ({@code /api/v3}) on MockWebServer for one organization with one app installation,
 * answering as GitHub documents: installation lookup, minting (narrowed as asked, with the grant in the answer),
 * listing the installation's repositories, and revocation. Records every request, and what it minted and revoked.
 */
final class FakeGitHub extends Dispatcher implements AutoCloseable {

    static final String OWNER = "acme";
    static final long INSTALLATION_ID = 4242;
    private static final ObjectMapper JSON = new ObjectMapper();

    final MockWebServer server = new MockWebServer();
    private final Clock clock;
    /** What the installation was granted; a token asking for more is refused with 422 as GitHub does. */
    private final Map<String, String> installationPermissions = new LinkedHashMap<>(
            Map.of("contents", "write", "statuses", "write", "metadata", "read", "pull_requests", "write"));
    private final List<String> installationRepositories = List.of("api", "web", "docs");

    /** Every request as "METHOD /path?query", in order. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> minted = new CopyOnWriteArrayList<>();
    final List<JsonNode> mintBodies = new CopyOnWriteArrayList<>();
    final List<String> revoked = new CopyOnWriteArrayList<>();

    FakeGitHub(Clock clock) throws IOException {
        this.clock = clock;
        server.setDispatcher(this);
        server.start();
    }

    /** What a user types for this server in a GitHub Enterprise Server credential. */
    String serverUrl() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath();
        requests.add(request.getMethod() + " " + path);
        try {
            if (request.getMethod().equals("GET") && path.equals("/api/v3/orgs/" + OWNER + "/installation")) {
                return json(200, installation());
            }
            if (request.getMethod().equals("GET") && path.equals("/api/v3/repos/" + OWNER + "/api/installation")) {
                return json(200, installation());
            }
            if (request.getMethod().equals("GET") && path.startsWith("/api/v3/orgs/")) {
                return json(404, message("Not Found"));
            }
            if (request.getMethod().equals("POST")
                    && path.equals("/api/v3/app/installations/" + INSTALLATION_ID + "/access_tokens")) {
                return mint(request);
            }
            if (request.getMethod().equals("DELETE") && path.equals("/api/v3/installation/token")) {
                revoked.add(bearer(request));
                return new MockResponse().setResponseCode(204);
            }
            if (request.getMethod().equals("GET") && path.startsWith("/api/v3/installation/repositories")) {
                return installationRepositoriesPage(bearer(request));
            }
            return json(404, message("Not Found"));
        } catch (IOException e) {
            return json(500, message(e.getMessage()));
        }
    }

    private MockResponse mint(RecordedRequest request) throws IOException {
        String body = request.getBody().readUtf8();
        JsonNode asked = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        mintBodies.add(asked);
        Map<String, String> permissions = new LinkedHashMap<>();
        if (asked.has("permissions")) {
            for (Map.Entry<String, JsonNode> permission : asked.path("permissions").properties()) {
                String had = installationPermissions.get(permission.getKey());
                if (had == null || (had.equals("read") && !permission.getValue().asText().equals("read"))) {
                    return json(422, message("The permissions requested are not granted to this installation."));
                }
                permissions.put(permission.getKey(), permission.getValue().asText());
            }
        } else {
            permissions.putAll(installationPermissions);
        }
        List<String> repositories = new ArrayList<>();
        asked.path("repositories").forEach(name -> repositories.add(name.asText()));
        for (String name : repositories) {
            if (!installationRepositories.contains(name)) {
                return json(422, message("There is at least one repository that does not exist or is not accessible "
                        + "to the parent installation."));
            }
        }
        String token = "ghs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 32) + "AbCd";
        minted.add(token);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("token", token);
        answer.put("expires_at", DateTimeFormatter.ISO_INSTANT.format(clock.instant().plus(Duration.ofHours(1))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        ObjectNode granted = answer.putObject("permissions");
        permissions.forEach(granted::put);
        answer.put("repository_selection", repositories.isEmpty() ? "all" : "selected");
        if (!repositories.isEmpty()) {
            ArrayNode list = answer.putArray("repositories");
            repositories.forEach(name -> list.add(repository(name)));
        }
        return json(201, answer);
    }

    private MockResponse installationRepositoriesPage(String token) {
        int index = minted.indexOf(token);
        if (index < 0 || revoked.contains(token)) {
            return json(401, message("Bad credentials"));
        }
        JsonNode mintBody = mintBodies.get(index);
        List<String> reachable = new ArrayList<>();
        mintBody.path("repositories").forEach(name -> reachable.add(name.asText()));
        if (reachable.isEmpty()) {
            reachable.addAll(installationRepositories);
        }
        ObjectNode page = JSON.createObjectNode();
        page.put("total_count", reachable.size());
        page.put("repository_selection", "all");
        ArrayNode list = page.putArray("repositories");
        reachable.forEach(name -> list.add(repository(name)));
        return json(200, page);
    }

    private ObjectNode installation() {
        ObjectNode installation = JSON.createObjectNode();
        installation.put("id", INSTALLATION_ID);
        ObjectNode account = installation.putObject("account");
        account.put("login", OWNER);
        account.put("type", "Organization");
        installation.put("repository_selection", "all");
        ObjectNode permissions = installation.putObject("permissions");
        installationPermissions.forEach(permissions::put);
        installation.putNull("suspended_at");
        return installation;
    }

    private static ObjectNode repository(String name) {
        ObjectNode repository = JSON.createObjectNode();
        repository.put("id", Math.abs(name.hashCode()));
        repository.put("name", name);
        repository.put("full_name", OWNER + "/" + name);
        repository.putObject("owner").put("login", OWNER);
        repository.put("private", true);
        return repository;
    }

    private static String bearer(RecordedRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization == null ? "" : authorization.replaceFirst("^(?i)(bearer|token) ", "");
    }

    private static ObjectNode message(String text) {
        ObjectNode body = JSON.createObjectNode();
        body.put("message", text);
        body.put("documentation_url", "https://docs.github.com/rest");
        return body;
    }

    private static MockResponse json(int status, JsonNode body) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json; charset=utf-8")
                .setBody(body.toString());
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
