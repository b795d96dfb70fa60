package io.jenkins.plugins.githostcredentials.health;

import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A GitLab on MockWebServer answering what the health check and the rotation ask, in the JSON of GitLab's
 * "Personal access tokens API" docs: {@code GET /api/v4/personal_access_tokens/self} (scopes, active, revoked,
 * expires_at), {@code GET /api/v4/user}, and {@code POST /api/v4/personal_access_tokens/self/rotate}, which revokes
 * the old token and answers the new one. Tokens are sent in the {@code PRIVATE-TOKEN} header; an unknown or revoked
 * one gets 401.
 */
final class FakeGitLab extends Dispatcher implements AutoCloseable {

    /** How the next rotation request is answered. */
    enum RotationAnswer {
        /** As GitLab does: revoke the old token, answer the new one. */
        ROTATE,
        /** 403, nothing changed (the token may not rotate itself). */
        REFUSE,
        /** 500 without rotating (the old token stays active). */
        FAIL_BEFORE_ROTATING
    }

    private record Token(int id, List<String> scopes, LocalDate createdOn, LocalDate expiresOn, boolean revoked) {}

    private static final Pattern EXPIRES_AT = Pattern.compile("\"expires_at\"\\s*:\\s*\"([0-9-]{10})\"");

    final MockWebServer server = new MockWebServer();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger(100);
    final List<String> rotationRequests = new CopyOnWriteArrayList<>();
    /** Tokens the rotation handed out, oldest first. */
    final List<String> issuedByRotation = new CopyOnWriteArrayList<>();
    volatile RotationAnswer rotationAnswer = RotationAnswer.ROTATE;

    FakeGitLab() throws IOException {
        server.setDispatcher(this);
        server.start();
    }

    /** What a credential's server URL field holds for this GitLab. */
    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** A token GitLab knows, created 90 days before its expiry. */
    void issue(String token, LocalDate expiresOn, String... scopes) {
        tokens.put(token, new Token(ids.incrementAndGet(), List.of(scopes), expiresOn.minusDays(90), expiresOn, false));
    }

    /** Whether GitLab would authenticate a request with this token now. */
    boolean accepts(String token) {
        Token known = tokens.get(token);
        return known != null && !known.revoked() && known.expiresOn().isAfter(today());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath();
        String token = request.getHeader("PRIVATE-TOKEN");
        Token known = token == null ? null : tokens.get(token);
        if (known == null || known.revoked()) {
            return json(401, "{\"message\":\"401 Unauthorized\"}");
        }
        if (request.getMethod().equals("GET") && path.equals("/api/v4/personal_access_tokens/self")) {
            return json(200, self(known, ""));
        }
        if (!accepts(token)) {
            return json(401, "{\"message\":\"401 Unauthorized\"}");
        }
        if (request.getMethod().equals("GET") && path.equals("/api/v4/user")) {
            return json(200, "{\"id\":24,\"username\":\"jenkins-ci\",\"name\":\"Jenkins CI\",\"state\":\"active\","
                    + "\"bot\":false}");
        }
        if (request.getMethod().equals("POST") && path.equals("/api/v4/personal_access_tokens/self/rotate")) {
            String body = request.getBody().readUtf8();
            rotationRequests.add(body);
            return rotate(token, known, body);
        }
        return json(404, "{\"message\":\"404 Not Found\"}");
    }

    private MockResponse rotate(String oldToken, Token old, String body) {
        switch (rotationAnswer) {
            case REFUSE:
                return json(403, "{\"message\":\"403 Forbidden\"}");
            case FAIL_BEFORE_ROTATING:
                return json(500, "{\"message\":\"500 Internal Server Error\"}");
            default:
                break;
        }
        Matcher expiry = EXPIRES_AT.matcher(body);
        LocalDate expiresOn = expiry.find() ? LocalDate.parse(expiry.group(1)) : today().plusDays(7);
        tokens.put(oldToken, new Token(old.id(), old.scopes(), old.createdOn(), old.expiresOn(), true));
        String newToken = "glpat-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        Token created = new Token(ids.incrementAndGet(), old.scopes(), today(), expiresOn, false);
        tokens.put(newToken, created);
        issuedByRotation.add(newToken);
        return json(200, self(created, ",\"token\":\"" + newToken + "\""));
    }

    private static String self(Token token, String extra) {
        boolean active = !token.revoked() && token.expiresOn().isAfter(today());
        return "{\"id\":" + token.id() + ",\"name\":\"jenkins\",\"revoked\":" + token.revoked() + ",\"created_at\":\""
                + token.createdOn() + "T09:00:00.000Z\",\"description\":\"CI\",\"scopes\":"
                + token.scopes().stream().map(s -> "\"" + s + "\"").toList() + ",\"user_id\":24,"
                + "\"last_used_at\":null,\"active\":" + active + ",\"expires_at\":\"" + token.expiresOn() + "\""
                + extra + "}";
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
