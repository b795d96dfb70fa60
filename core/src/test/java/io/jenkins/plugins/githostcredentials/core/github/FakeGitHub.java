package io.jenkins.plugins.githostcredentials.core.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A GitHub REST API for GitHub Apps on a MockWebServer: verifies the app JWT (signature and time claims against its
 * own clock, which may differ from the test's), answers installation lookups, mints tokens with the shapes and
 * status codes of the GitHub docs (201, 404, 422), lists the repositories a token reaches and revokes tokens (204,
 * 401). Public for the session tests, which run their GitHub App sessions against it.
 */
public final class FakeGitHub extends Dispatcher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    final MockWebServer server = new MockWebServer();
    private final PublicKey appPublicKey;
    private final Supplier<Instant> serverClock;

    private final Map<Long, FakeInstallation> installations = new HashMap<>();
    private final Map<String, Long> organizations = new HashMap<>();
    private final Map<String, Long> users = new HashMap<>();
    private final Map<String, MintedFakeToken> tokens = new ConcurrentHashMap<>();
    private final Deque<MockResponse> scriptedMintResponses = new ArrayDeque<>();
    private final Deque<MockResponse> scriptedRevocationResponses = new ArrayDeque<>();

    final AtomicInteger mints = new AtomicInteger();
    final AtomicInteger revocations = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    /** Every request as "METHOD /path?query", in order. */
    public final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    public final List<JsonNode> mintBodies = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> jwtsSeen = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Every token string the fake has minted, in order, to look for in logs and messages. */
    public final List<String> minted = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Every token a revocation was asked for, in order, repeats included (also of tokens already invalid). */
    public final List<String> revoked = java.util.Collections.synchronizedList(new ArrayList<>());
    /** When each revocation request arrived (System.nanoTime), in order. */
    final List<Long> revocationArrivals = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile boolean longDottedTokens;
    volatile Duration mintDelay = Duration.ZERO;

    public FakeGitHub(PublicKey appPublicKey, Supplier<Instant> serverClock) throws IOException {
        this.appPublicKey = appPublicKey;
        this.serverClock = serverClock;
        server.setDispatcher(this);
        server.start();
    }

    /** The API base URL, as for GitHub Enterprise Server ({@code https://HOST/api/v3}). */
    String apiBase() {
        String root = server.url("/").toString();
        return root.substring(0, root.length() - 1) + "/api/v3";
    }

    /** What a user types for this server in a GitHub Enterprise Server credential. */
    public String serverUrl() {
        String root = server.url("/").toString();
        return root.substring(0, root.length() - 1);
    }

    public FakeInstallation install(long id, String account, String type, Map<String, String> permissions, List<String> selected,
            List<String> allRepositories) {
        FakeInstallation installation = new FakeInstallation(id, account, type, permissions, selected, allRepositories);
        synchronized (this) {
            installations.put(id, installation);
            if (type.equals("Organization")) {
                organizations.put(account.toLowerCase(), id);
            } else {
                users.put(account.toLowerCase(), id);
            }
        }
        return installation;
    }

    /** The next mint is answered with this response instead (e.g. a 5xx or a 401). */
    public synchronized void scriptNextMint(MockResponse response) {
        scriptedMintResponses.add(response);
    }

    /** The next revocation is answered with this response instead (a 503, a 429, or no answer at all). */
    synchronized void scriptNextRevocation(MockResponse response) {
        scriptedRevocationResponses.add(response);
    }

    /** GitHub stops accepting the token (as after a key rotation or an installation change), without a revocation. */
    public void stopAccepting(String token) {
        tokens.get(token).revoked = true;
    }

    /** The next request the fake received, in order; fails instead of waiting forever when none came. */
    RecordedRequest nextRequest() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("GitHub received no further request");
        }
        return request;
    }

    boolean isRevoked(String token) {
        MintedFakeToken issued = tokens.get(token);
        return issued != null && issued.revoked;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        requests.add(request.getMethod() + " " + path);
        path = path.startsWith("/api/v3") ? path.substring("/api/v3".length()) : path;
        String method = request.getMethod();
        if (path.startsWith("/installation/")) {
            return withInstallationToken(request, method, path);
        }
        MockResponse jwtProblem = checkJwt(request);
        if (jwtProblem != null) {
            return jwtProblem;
        }
        if (method.equals("POST") && path.matches("/app/installations/\\d+/access_tokens")) {
            return mint(request, Long.parseLong(path.split("/")[3]));
        }
        if (method.equals("GET") && path.matches("/app/installations/\\d+")) {
            FakeInstallation installation = installation(Long.parseLong(path.split("/")[3]));
            return installation == null ? notFound() : json(200, installation.json(apiBase()));
        }
        if (method.equals("GET") && path.matches("/orgs/[^/]+/installation")) {
            lookups.incrementAndGet();
            return lookup(organizations, path.split("/")[2]);
        }
        if (method.equals("GET") && path.matches("/users/[^/]+/installation")) {
            lookups.incrementAndGet();
            return lookup(users, path.split("/")[2]);
        }
        if (method.equals("GET") && path.matches("/repos/[^/]+/[^/]+/installation")) {
            lookups.incrementAndGet();
            String[] parts = path.split("/");
            synchronized (this) {
                for (FakeInstallation installation : installations.values()) {
                    if (installation.account.equalsIgnoreCase(parts[2]) && installation.reaches(parts[3])) {
                        return json(200, installation.json(apiBase()));
                    }
                }
            }
            return notFound();
        }
        return notFound();
    }

    private MockResponse mint(RecordedRequest request, long installationId) {
        MockResponse scripted;
        synchronized (this) {
            scripted = scriptedMintResponses.poll();
        }
        if (!mintDelay.isZero()) {
            sleep(mintDelay);
        }
        mints.incrementAndGet();
        if (scripted != null) {
            return scripted.setHeader("Date", HTTP_DATE.format(serverClock.get()));
        }
        FakeInstallation installation = installation(installationId);
        if (installation == null) {
            return notFound();
        }
        if (installation.suspended) {
            return json(403, error("This installation has been suspended"));
        }
        JsonNode body;
        try {
            String text = request.getBody().clone().readUtf8(); // a copy: tests read the body again
            body = text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            return json(400, error("Problems parsing JSON"));
        }
        mintBodies.add(body);
        Map<String, String> granted = new LinkedHashMap<>(installation.permissions);
        if (body.has("permissions")) {
            granted.clear();
            for (Map.Entry<String, JsonNode> wanted : body.path("permissions").properties()) {
                String has = installation.permissions.get(wanted.getKey());
                if (has == null || !AppPermissions.covers(has, wanted.getValue().asText())) {
                    return json(422, error("The permissions requested are not granted to this installation."));
                }
                granted.put(wanted.getKey(), wanted.getValue().asText());
            }
        }
        List<String> repositories = new ArrayList<>();
        for (JsonNode name : body.path("repositories")) {
            if (!installation.reaches(name.asText())) {
                return json(422, error("There is at least one repository that does not exist or is not accessible to the parent installation."));
            }
            repositories.add(name.asText());
        }
        String token = newToken();
        Instant expiresAt = serverClock.get().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        tokens.put(token, new MintedFakeToken(installationId, expiresAt, repositories));
        minted.add(token);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("token", token);
        answer.put("expires_at", expiresAt.toString());
        ObjectNode permissions = answer.putObject("permissions");
        granted.forEach(permissions::put);
        answer.put("repository_selection", repositories.isEmpty() ? installation.selection() : "selected");
        if (!repositories.isEmpty() || installation.selected != null) {
            ArrayNode repos = answer.putArray("repositories");
            for (String name : repositories.isEmpty() ? installation.reachable() : repositories) {
                repos.add(repository(installation.account, name));
            }
        }
        return json(201, answer);
    }

    private MockResponse withInstallationToken(RecordedRequest request, String method, String path) {
        String authorization = request.getHeader("Authorization");
        String token = authorization == null ? "" : authorization.replaceFirst("^(Bearer|token) ", "");
        boolean revoking = method.equals("DELETE") && path.equals("/installation/token");
        if (revoking) {
            revoked.add(token);
            revocationArrivals.add(System.nanoTime());
            MockResponse scripted;
            synchronized (this) {
                scripted = scriptedRevocationResponses.poll();
            }
            if (scripted != null) {
                return scripted;
            }
        }
        MintedFakeToken issued = tokens.get(token);
        boolean valid = issued != null && !issued.revoked && serverClock.get().isBefore(issued.expiresAt);
        if (!valid) {
            return json(401, error("Bad credentials"));
        }
        if (revoking) {
            issued.revoked = true;
            revocations.incrementAndGet();
            return new MockResponse().setResponseCode(204).setHeader("Date", HTTP_DATE.format(serverClock.get()));
        }
        if (method.equals("GET") && path.startsWith("/installation/repositories")) {
            FakeInstallation installation = installation(issued.installationId);
            ObjectNode answer = JSON.createObjectNode();
            List<String> names = issued.repositories.isEmpty() ? installation.reachable() : issued.repositories;
            answer.put("total_count", names.size());
            answer.put("repository_selection", installation.selection());
            ArrayNode repos = answer.putArray("repositories");
            names.forEach(name -> repos.add(repository(installation.account, name)));
            return json(200, answer);
        }
        return notFound();
    }

    /** GitHub's checks: a valid RS256 signature by the app's key, iat not in the future, exp in the future but within 10 minutes. */
    private MockResponse checkJwt(RecordedRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return json(401, error("Requires authentication"));
        }
        String jwt = authorization.substring("Bearer ".length());
        jwtsSeen.add(jwt);
        String[] parts = jwt.split("\\.");
        try {
            if (parts.length != 3 || !GitHubAppTest.verifies(parts, appPublicKey)) {
                return json(401, error("A JSON web token could not be decoded"));
            }
            JsonNode claims = GitHubAppTest.decode(parts[1]);
            long now = serverClock.get().getEpochSecond();
            if (claims.path("iat").asLong() > now) {
                return json(401, error("'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"));
            }
            if (claims.path("exp").asLong() <= now) {
                return json(401, error("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"));
            }
            if (claims.path("exp").asLong() > now + 600) {
                return json(401, error("'Expiration time' claim ('exp') is too far in the future"));
            }
        } catch (Exception e) {
            return json(401, error("A JSON web token could not be decoded"));
        }
        return null;
    }

    private MockResponse lookup(Map<String, Long> accounts, String name) {
        Long id;
        synchronized (this) {
            id = accounts.get(name.toLowerCase());
        }
        return id == null ? notFound() : json(200, installation(id).json(apiBase()));
    }

    synchronized FakeInstallation installation(long id) {
        return installations.get(id);
    }

    private String newToken() {
        if (longDottedTokens) {
            // the 2026 stateless format: ghs_APPID_ followed by a JWT-like dotted string, hundreds of characters
            byte[] bytes = new byte[360];
            RANDOM.nextBytes(bytes);
            String b = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).replace('-', 'a').replace('_', 'b');
            return "ghs_123456_" + b.substring(0, 120) + "." + b.substring(120, 400) + "." + b.substring(400);
        }
        StringBuilder token = new StringBuilder("ghs_");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 36; i++) {
            token.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return token.toString();
    }

    private ObjectNode repository(String owner, String name) {
        ObjectNode repo = JSON.createObjectNode();
        repo.put("id", Math.abs((owner + "/" + name).hashCode()));
        repo.put("node_id", "R_kgDO" + Math.abs(name.hashCode()));
        repo.put("name", name);
        repo.put("full_name", owner + "/" + name);
        ObjectNode ownerNode = repo.putObject("owner");
        ownerNode.put("login", owner);
        ownerNode.put("id", Math.abs(owner.hashCode()));
        ownerNode.put("type", "Organization");
        repo.put("private", true);
        repo.put("html_url", serverUrl() + "/" + owner + "/" + name);
        repo.put("description", (String) null);
        repo.put("fork", false);
        repo.put("url", apiBase() + "/repos/" + owner + "/" + name);
        repo.put("clone_url", serverUrl() + "/" + owner + "/" + name + ".git");
        repo.put("default_branch", "main");
        repo.put("visibility", "private");
        return repo;
    }

    static ObjectNode error(String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("message", message);
        error.put("documentation_url", "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app");
        error.put("status", "");
        return error;
    }

    private MockResponse notFound() {
        ObjectNode error = JSON.createObjectNode();
        error.put("message", "Not Found");
        error.put("documentation_url", "https://docs.github.com/rest");
        error.put("status", "404");
        return json(404, error);
    }

    MockResponse json(int status, JsonNode body) {
        return new MockResponse()
                .setResponseCode(status)
                .setHeader("Content-Type", "application/json; charset=utf-8")
                .setHeader("Date", HTTP_DATE.format(serverClock.get()))
                .setHeader("X-GitHub-Api-Version-Selected", "2022-11-28")
                .setHeader("X-GitHub-Enterprise-Version", "3.17.0")
                .setHeader("x-ratelimit-limit", "5000")
                .setHeader("x-ratelimit-remaining", "4999")
                .setHeader("x-ratelimit-resource", "core")
                .setHeader("X-GitHub-Request-Id", "0401:2D9F:1A2B3C:4D5E6F:67890ABC")
                .setBody(body.toString());
    }

    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }

    private static final class MintedFakeToken {
        final long installationId;
        final Instant expiresAt;
        /** What the token was narrowed to; empty when it reaches every repository of its installation. */
        final List<String> repositories;
        volatile boolean revoked;

        MintedFakeToken(long installationId, Instant expiresAt, List<String> repositories) {
            this.installationId = installationId;
            this.expiresAt = expiresAt;
            this.repositories = List.copyOf(repositories);
        }
    }

    /** An installation: "all" repositories of the account when {@code selected} is null, else only those. */
    public static final class FakeInstallation {
        final long id;
        final String account;
        final String type;
        final Map<String, String> permissions;
        final List<String> selected;
        final List<String> allRepositories;
        volatile boolean suspended;

        FakeInstallation(long id, String account, String type, Map<String, String> permissions, List<String> selected,
                List<String> allRepositories) {
            this.id = id;
            this.account = account;
            this.type = type;
            this.permissions = new LinkedHashMap<>(permissions);
            this.selected = selected;
            this.allRepositories = allRepositories;
        }

        String selection() {
            return selected == null ? "all" : "selected";
        }

        List<String> reachable() {
            return selected == null ? allRepositories : selected;
        }

        boolean reaches(String name) {
            return reachable().stream().anyMatch(repo -> repo.equalsIgnoreCase(name));
        }

        ObjectNode json(String apiBase) {
            ObjectNode node = JSON.createObjectNode();
            node.put("id", id);
            ObjectNode accountNode = node.putObject("account");
            accountNode.put("login", account);
            accountNode.put("id", Math.abs(account.hashCode()));
            accountNode.put("node_id", "MDQ6VXNlcjE=");
            accountNode.put("type", type);
            accountNode.put("site_admin", false);
            node.put("access_tokens_url", apiBase + "/app/installations/" + id + "/access_tokens");
            node.put("repositories_url", apiBase + "/installation/repositories");
            node.put("html_url", "https://github.com/organizations/" + account + "/settings/installations/" + id);
            node.put("app_id", 123456);
            node.put("client_id", "Iv23liAbCdEf12345678");
            node.put("target_id", Math.abs(account.hashCode()));
            node.put("target_type", type);
            ObjectNode permissionsNode = node.putObject("permissions");
            permissions.forEach(permissionsNode::put);
            node.putArray("events").add("push").add("pull_request");
            node.put("single_file_name", (String) null);
            node.put("has_multiple_single_files", false);
            node.putArray("single_file_paths");
            node.put("repository_selection", selection());
            node.put("created_at", "2024-07-08T16:18:44-04:00");
            node.put("updated_at", "2025-07-08T16:18:44-04:00");
            node.put("app_slug", "jenkins-ci");
            if (suspended) {
                node.put("suspended_at", "2026-01-01T00:00:00Z");
                node.putObject("suspended_by").put("login", "admin");
            } else {
                node.putNull("suspended_at");
                node.putNull("suspended_by");
            }
            return node;
        }
    }
}
