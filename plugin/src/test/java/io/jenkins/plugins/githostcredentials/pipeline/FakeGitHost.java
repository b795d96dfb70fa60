package io.jenkins.plugins.githostcredentials.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A GitHub Enterprise Server on MockWebServer: the REST API an app uses ({@code /api/v3}: installation lookup for
 * the organization {@code acme}, minting narrowed tokens with the grant in the answer, listing the installation's
 * repositories, revocation, {@code /user} for a personal token), and git's smart-HTTP ref advertisement for
 * {@code acme/api.git}, which real {@code git ls-remote} reads. git is answered only with the right HTTP Basic
 * credentials: the latest minted installation token, or a personal token the test accepts.
 */
final class FakeGitHost extends Dispatcher implements AutoCloseable {

    static final String COMMIT = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    final MockWebServer server = new MockWebServer();
    final List<String> minted = new CopyOnWriteArrayList<>();
    final List<String> mintBodies = new CopyOnWriteArrayList<>();
    final List<String> revoked = new CopyOnWriteArrayList<>();
    final List<String> gitAuthorizations = new CopyOnWriteArrayList<>();
    /** "username:password" pairs git may use besides the latest installation token. */
    final Set<String> acceptedGitLogins = new CopyOnWriteArraySet<>();
    /** How long minted tokens live; a few minutes makes a block renew its token at once. */
    volatile Duration tokenLife = Duration.ofHours(1);
    /** Tokens GitHub no longer accepts (revoked outside Jenkins): REST and git answer 401. */
    final Set<String> rejected = new CopyOnWriteArraySet<>();
    /** While true, the revoke endpoint reads the request and never answers (GitHub down). */
    volatile boolean revokeHangs;
    final List<String> revokeAttempts = new CopyOnWriteArrayList<>();

    FakeGitHost() throws IOException {
        server.setDispatcher(this);
        server.start();
    }

    /** What a credential's server URL field holds for this host. */
    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    String repositoryUrl() {
        return url() + "/acme/api.git";
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath();
        String method = request.getMethod();
        if (method.equals("GET") && path.equals("/api/v3/orgs/acme/installation")) {
            return json(200, "{\"id\":77,\"account\":{\"login\":\"acme\",\"type\":\"Organization\"},"
                    + "\"repository_selection\":\"all\",\"permissions\":{\"contents\":\"write\",\"statuses\":\"write\","
                    + "\"metadata\":\"read\",\"pull_requests\":\"write\"},\"suspended_at\":null}");
        }
        if (method.equals("POST") && path.equals("/api/v3/app/installations/77/access_tokens")) {
            return mint(request.getBody().readUtf8());
        }
        if (method.equals("DELETE") && path.equals("/api/v3/installation/token")) {
            revokeAttempts.add(bearer(request));
            if (revokeHangs) {
                return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
            }
            revoked.add(bearer(request));
            return new MockResponse().setResponseCode(204);
        }
        if (method.equals("GET") && path.startsWith("/api/v3/installation/repositories")) {
            if (rejected.contains(bearer(request))) {
                return json(401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\","
                        + "\"status\":\"401\"}");
            }
            return json(200, "{\"total_count\":1,\"repository_selection\":\"selected\",\"repositories\":[{\"id\":1,"
                    + "\"name\":\"api\",\"full_name\":\"acme/api\",\"owner\":{\"login\":\"acme\"},\"private\":true}]}");
        }
        if (method.equals("GET") && path.equals("/acme/api.git/info/refs?service=git-upload-pack")) {
            return refAdvertisement(request.getHeader("Authorization"));
        }
        return json(404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}");
    }

    private MockResponse mint(String body) {
        mintBodies.add(body);
        String token = "ghs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 28) + "Fake" + minted.size();
        minted.add(token);
        String permissions = body.contains("\"permissions\"")
                ? body.replaceAll(".*\"permissions\":(\\{[^}]*\\}).*", "$1")
                : "{\"contents\":\"write\",\"statuses\":\"write\",\"metadata\":\"read\",\"pull_requests\":\"write\"}";
        boolean narrowed = body.contains("\"repositories\"");
        return json(201, "{\"token\":\"" + token + "\",\"expires_at\":\""
                + Instant.now().plus(tokenLife).truncatedTo(ChronoUnit.SECONDS) + "\",\"permissions\":" + permissions
                + ",\"repository_selection\":\"" + (narrowed ? "selected" : "all") + "\",\"repositories\":"
                + (narrowed ? "[{\"id\":1,\"name\":\"api\",\"full_name\":\"acme/api\"}]" : "[]") + "}");
    }

    private MockResponse refAdvertisement(String authorization) {
        gitAuthorizations.add(authorization == null ? "" : authorization);
        String login = authorization != null && authorization.startsWith("Basic ")
                ? new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8)
                : "";
        String latest = minted.isEmpty() ? null : minted.get(minted.size() - 1);
        boolean latestInstallationToken = latest != null && !rejected.contains(latest)
                && login.equals("x-access-token:" + latest);
        if (!latestInstallationToken && !acceptedGitLogins.contains(login)) {
            return new MockResponse().setResponseCode(401).setHeader("WWW-Authenticate", "Basic realm=\"GitHub\"");
        }
        String advertisement = packetLine("# service=git-upload-pack\n") + "0000"
                + packetLine(COMMIT + " HEAD\0agent=fake-git-host\n")
                + packetLine(COMMIT + " refs/heads/main\n") + "0000";
        return new MockResponse().setResponseCode(200)
                .setHeader("Content-Type", "application/x-git-upload-pack-advertisement")
                .setHeader("Cache-Control", "no-cache")
                .setBody(advertisement);
    }

    private static String packetLine(String content) {
        return String.format("%04x", content.getBytes(StandardCharsets.UTF_8).length + 4) + content;
    }

    private static String bearer(RecordedRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization == null ? "" : authorization.replaceFirst("^(?i)(bearer|token) ", "");
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
