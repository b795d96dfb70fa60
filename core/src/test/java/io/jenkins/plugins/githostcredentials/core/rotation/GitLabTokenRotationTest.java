package io.jenkins.plugins.githostcredentials.core.rotation;

import static io.jenkins.plugins.githostcredentials.core.testing.ScriptedHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.rotation.RotationOutcome.Result;
import io.jenkins.plugins.githostcredentials.core.testing.MutableClock;
import io.jenkins.plugins.githostcredentials.core.testing.ScriptedHost;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every failure point of a GitLab self-rotation. The JSON follows GitLab's "Personal access tokens API" docs
 * (doc/api/personal_access_tokens.md: "Get details on a personal access token", "Rotate a personal access token",
 * "Self-rotate") and doc/api/project_access_tokens.md ("Self-rotate"); values changed to fit the test.
 */
class GitLabTokenRotationTest {

    static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");
    static final SecretText OLD = SecretText.of("glpat-" + "0ldT0kenValue7Qx2Wz9");
    static final String NEW = "glpat-" + "n3wT0kenValue4Rk8Lm1";
    static final String SELF = "/api/personal_access_tokens/self";
    static final String ROTATE = "/api/personal_access_tokens/self/rotate";

    ScriptedHost host;
    GitLabTokenRotation rotation;
    final List<RotatedToken> stored = new ArrayList<>();
    final TokenWriteBack store = stored::add;

    @BeforeEach
    void start() throws IOException {
        host = new ScriptedHost();
        rotation = new GitLabTokenRotation(ScriptedHost.fastClient(), new MutableClock(NOW));
    }

    @AfterEach
    void stop() throws IOException {
        host.close();
    }

    /** GET /personal_access_tokens/self: created 2026-03-08, 90 days before its expiry. */
    static String self(String scopes, boolean active, boolean revoked) {
        return "{\"id\":4,\"name\":\"jenkins\",\"revoked\":" + revoked + ",\"created_at\":\"2026-09-10T14:31:47.729Z\","
                + "\"description\":\"CI\",\"scopes\":" + scopes + ",\"user_id\":24,\"last_used_at\":null,"
                + "\"active\":" + active + ",\"expires_at\":\"2026-12-09\"}";
    }

    static final String ACTIVE = self("[\"api\"]", true, false);

    /** The rotate answer: a new id, the new expiry, and the new token. */
    static final String ROTATED = "{\"id\":42,\"name\":\"jenkins\",\"revoked\":false,\"created_at\":"
            + "\"2026-12-03T09:00:00.000Z\",\"description\":\"CI\",\"scopes\":[\"api\"],\"user_id\":24,"
            + "\"last_used_at\":null,\"active\":true,\"expires_at\":\"2027-03-03\",\"token\":\"" + NEW + "\"}";

    static final String NEW_SELF = ROTATED.replace(",\"token\":\"" + NEW + "\"", "");

    private RotationRequest personal() {
        return RotationRequest.personal("gitlab-ci", host.endpoint(HostKind.GITLAB, "https://gitlab.example.com"), OLD);
    }

    private RotationOutcome rotate(RotationRequest request, TokenWriteBack writeBack) {
        RotationOutcome outcome = rotation.rotate(request, writeBack);
        assertNoSecret(outcome);
        return outcome;
    }

    private static void assertNoSecret(RotationOutcome outcome) {
        for (String text : List.of(outcome.toString(), outcome.message(),
                outcome.rotated().map(Object::toString).orElse(""))) {
            assertFalse(text.contains(NEW), () -> "the new token leaked into: " + text);
            assertFalse(text.contains(OLD.reveal()), () -> "the old token leaked into: " + text);
        }
    }

    private List<String> tokensSent() {
        return host.requests().stream().map(r -> r.getHeader("PRIVATE-TOKEN")).toList();
    }

    private long rotateCalls() {
        return host.calls().stream().filter(c -> c.startsWith("POST")).count();
    }

    @Test
    void aRotationAsksFirstThenRotatesStoresAndVerifiesTheNewToken() throws InterruptedException {
        host.on("GET", SELF, json(200, ACTIVE)).on("GET", SELF, json(200, NEW_SELF))
                .on("POST", ROTATE, json(200, ROTATED));

        RotationOutcome outcome = rotate(personal(), store);

        assertEquals(Result.ROTATED, outcome.result(), outcome.message());
        assertEquals("Rotated and stored, expires 2027-03-03.", outcome.message());
        assertEquals(List.of("GET " + SELF, "POST " + ROTATE, "GET " + SELF), host.calls());
        assertEquals(List.of(OLD.reveal(), OLD.reveal(), NEW), tokensSent(), "verified with the new token");
        assertEquals(1, stored.size());
        assertEquals(NEW, stored.get(0).token().reveal());
        assertEquals(LocalDate.of(2027, 3, 3), stored.get(0).expiresOn().orElseThrow());
        RecordedRequest post = host.requests().get(1);
        assertEquals("{\"expires_at\":\"2027-03-03\"}", post.getBody().readUtf8(),
                "the old token's 90-day lifetime again, from today");
        assertTrue(rotation.pending("gitlab-ci").isEmpty());
    }

    @Test
    void oneInstanceReachesEachServerThroughTheClientChosenForIt() throws IOException {
        try (ScriptedHost other = new ScriptedHost()) {
            other.on("GET", SELF, json(200, ACTIVE)).on("GET", SELF, json(200, NEW_SELF))
                    .on("POST", ROTATE, json(200, ROTATED));
            HostEndpoint otherServer = other.endpoint(HostKind.GITLAB, "https://gitlab.other.example");
            List<String> chosenFor = new ArrayList<>();
            GitLabTokenRotation perServer = new GitLabTokenRotation(endpoint -> {
                chosenFor.add(endpoint.serverUrl());
                return ScriptedHost.fastClient();
            }, new MutableClock(NOW));

            RotationOutcome outcome = perServer.rotate(
                    RotationRequest.personal("other-ci", otherServer, OLD), store);

            assertEquals(Result.ROTATED, outcome.result(), outcome.message());
            assertEquals(List.of("GET " + SELF, "POST " + ROTATE, "GET " + SELF), other.calls());
            assertTrue(host.calls().isEmpty(), "nothing went to the other server");
            assertFalse(chosenFor.isEmpty());
            assertTrue(chosenFor.stream().allMatch("https://gitlab.other.example"::equals), chosenFor::toString);
        }
    }

    @Test
    void aRequestedExpiryIsSentAsIs() {
        host.on("GET", SELF, json(200, ACTIVE)).on("GET", SELF, json(200, NEW_SELF))
                .on("POST", ROTATE, json(200, ROTATED));
        RotationRequest request = new RotationRequest("gitlab-ci", personal().endpoint(), OLD, null, false,
                LocalDate.of(2027, 1, 31));

        rotate(request, store);

        assertEquals("{\"expires_at\":\"2027-01-31\"}", host.requests().get(1).getBody().readUtf8());
    }

    // ---------------------------------------------------------------- before the rotation: nothing changes

    @Test
    void aRefusedTokenIsNeverSentToRotate() {
        host.on("GET", SELF, json(401, "{\"message\":\"401 Unauthorized\"}"));

        RotationOutcome outcome = rotate(personal(), store);

        assertEquals(Result.NOT_ROTATABLE, outcome.result());
        assertEquals(0, rotateCalls(), "a revoked token rotating would revoke its whole family (GitLab issue 524639)");
        assertTrue(stored.isEmpty());
        assertFalse(outcome.mayRetryRotation());
    }

    @Test
    void aTokenGitLabCallsRevokedIsNeverSentToRotate() {
        host.on("GET", SELF, json(200, self("[\"api\"]", false, true)));

        RotationOutcome outcome = rotate(personal(), store);

        assertEquals(Result.NOT_ROTATABLE, outcome.result());
        assertTrue(outcome.message().contains("revoked"), outcome.message());
        assertEquals(0, rotateCalls());
    }

    @Test
    void aTokenWithoutApiOrSelfRotateScopeIsNotRotatable() {
        host.on("GET", SELF, json(200, self("[\"read_repository\"]", true, false)));

        RotationOutcome outcome = rotate(personal(), store);

        assertEquals(Result.NOT_ROTATABLE, outcome.result());
        assertTrue(outcome.message().contains("self_rotate"), outcome.message());
        assertEquals(0, rotateCalls());
    }

    @Test
    void aSelfRotateScopeIsEnough() {
        host.on("GET", SELF, json(200, self("[\"read_repository\",\"self_rotate\"]", true, false)))
                .on("GET", SELF, json(200, NEW_SELF)).on("POST", ROTATE, json(200, ROTATED));

        assertEquals(Result.ROTATED, rotate(personal(), store).result());
    }

    @Test
    void gitLabUnreachableBeforeRotatingChangesNothing() {
        RotationRequest request = RotationRequest.personal("gitlab-ci",
                new HostEndpoint(HostKind.GITLAB, "https://gitlab.example.com", "http://127.0.0.1:1/api/v4"), OLD);

        RotationOutcome outcome = rotate(request, store);

        assertEquals(Result.NOT_ROTATED, outcome.result());
        assertTrue(outcome.mayRetryRotation());
        assertTrue(stored.isEmpty());
    }

    // ---------------------------------------------------------------- the rotation refused: nothing changes

    @Test
    void everyDocumentedRefusalLeavesTheOldTokenInPlace() throws IOException {
        for (int status : new int[] {400, 401, 403, 404, 405}) {
            try (ScriptedHost refusing = new ScriptedHost()) {
                refusing.on("GET", SELF, json(200, ACTIVE)).on("POST", ROTATE, json(status, "{\"message\":\""
                        + status + " refused\"}"));
                RotationOutcome outcome = rotate(RotationRequest.personal("gitlab-ci",
                        refusing.endpoint(HostKind.GITLAB, "https://gitlab.example.com"), OLD), store);
                assertEquals(status == 400 ? Result.NOT_ROTATED : Result.NOT_ROTATABLE, outcome.result(),
                        status + ": " + outcome.message());
                assertTrue(outcome.message().contains("Nothing changed"), status + ": " + outcome.message());
                assertFalse(outcome.result().oldTokenRevoked());
                assertEquals(List.of("GET " + SELF, "POST " + ROTATE), refusing.calls());
            }
        }
        assertTrue(stored.isEmpty());
    }

    @Test
    void aProjectTokenRotatesThroughItsProjectWhereGitLabSupportsIt() {
        host.on("GET", SELF, json(200, ACTIVE)).on("GET", SELF, json(200, NEW_SELF))
                .on("POST", ROTATE, json(405, "{\"message\":\"405 Method Not Allowed\"}"))
                .on("POST", "/api/projects/platform%2Ftools/access_tokens/self/rotate", json(200, ROTATED));
        RotationRequest request = new RotationRequest("project-token", personal().endpoint(), OLD, "platform/tools",
                false, null);

        RotationOutcome outcome = rotate(request, store);

        assertEquals(Result.ROTATED, outcome.result(), outcome.message());
        assertEquals(1, stored.size());
    }

    @Test
    void aGitLabWithoutSelfRotationForGroupTokensSaysSoAndChangesNothing() {
        host.on("GET", SELF, json(200, ACTIVE))
                .on("POST", ROTATE, json(405, "{\"message\":\"405 Method Not Allowed\"}"))
                .on("POST", "/api/groups/platform/access_tokens/self/rotate", json(404, "{\"message\":\"404 Not Found\"}"));
        RotationRequest request = new RotationRequest("group-token", personal().endpoint(), OLD, "platform", true, null);

        RotationOutcome outcome = rotate(request, store);

        assertEquals(Result.NOT_ROTATABLE, outcome.result());
        assertTrue(outcome.message().contains("project or group access tokens"), outcome.message());
        assertTrue(stored.isEmpty());
    }

    // ---------------------------------------------------------------- the rotation's answer lost

    @Test
    void aLostAnswerAfterWhichTheOldTokenIsRevokedIsLostAndNeverRetried() {
        host.on("GET", SELF, json(200, ACTIVE)).on("GET", SELF, json(401, "{\"message\":\"401 Unauthorized\"}"))
                .on("POST", ROTATE, json(502, "<html>Bad gateway</html>"));

        RotationOutcome outcome = rotate(personal(), store);

        assertEquals(Result.LOST, outcome.result());
        assertTrue(outcome.message().contains("Do not rotate with the old token"), outcome.message());
        assertEquals(1, rotateCalls(), "the rotation is never repeated");
        assertFalse(outcome.mayRetryRotation());
    }

    @Test
    void aLostAnswerAfterWhichTheOldTokenStillWorksChangedNothing() {
        host.on("GET", SELF, json(200, ACTIVE))
                .on("POST", ROTATE, new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));

        RotationOutcome outcome = rotate(personal(), store);

        assertEquals(Result.NOT_ROTATED, outcome.result(), outcome.message());
        assertEquals(1, rotateCalls());
        assertTrue(outcome.mayRetryRotation());
    }

    @Test
    void aLostAnswerThatCannotBeCheckedIsUnknownAndNotRetried() {
        host.on("GET", SELF, json(200, ACTIVE))
                .on("GET", SELF, new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST))
                .on("POST", ROTATE, json(200, "{\"id\":42,\"active\":true}"));

        RotationOutcome outcome = rotate(personal(), store);

        assertEquals(Result.UNKNOWN, outcome.result(), outcome.message());
        assertFalse(outcome.mayRetryRotation());
        assertTrue(stored.isEmpty());
    }

    // ---------------------------------------------------------------- storing and verifying

    @Test
    void aFailedWriteBackKeepsTheNewTokenAndRefusesToRotateAgainUntilItIsStored() {
        host.on("GET", SELF, json(200, ACTIVE)).on("GET", SELF, json(200, NEW_SELF))
                .on("POST", ROTATE, json(200, ROTATED));
        TokenWriteBack broken = rotated -> {
            throw new IOException("credentials.xml is read-only (tried to save " + rotated.token().reveal() + ")");
        };

        RotationOutcome notStored = rotate(personal(), broken);

        assertEquals(Result.NOT_STORED, notStored.result());
        assertTrue(notStored.message().startsWith("Rotated, not stored"), notStored.message());
        assertTrue(notStored.message().contains("Store this new token now"), notStored.message());
        assertTrue(notStored.message().contains("read-only"), "says why: " + notStored.message());
        assertEquals(NEW, notStored.rotated().orElseThrow().token().reveal(), "held for the plugin to offer");
        assertEquals(NEW, rotation.pending("gitlab-ci").orElseThrow().token().reveal());

        RotationOutcome again = rotate(personal(), store);
        assertEquals(Result.PENDING_WRITE_BACK, again.result());
        assertEquals(1, rotateCalls(), "never rotate again with the old token: GitLab would revoke the new one");

        RotationOutcome stillBroken = rotation.retryWriteBack("gitlab-ci", broken);
        assertNoSecret(stillBroken);
        assertEquals(Result.NOT_STORED, stillBroken.result());

        RotationOutcome retried = rotation.retryWriteBack("gitlab-ci", store);
        assertNoSecret(retried);
        assertEquals(Result.ROTATED, retried.result(), retried.message());
        assertEquals(NEW, stored.get(0).token().reveal(), "the same new token, not a new rotation");
        assertEquals(1, rotateCalls());
        assertTrue(rotation.pending("gitlab-ci").isEmpty());
        assertEquals(Result.NOT_ROTATED, rotation.retryWriteBack("gitlab-ci", store).result());
    }

    @Test
    void aNewTokenGitLabRefusesIsStoredButReported() {
        host.on("GET", SELF, json(200, ACTIVE)).on("GET", SELF, json(401, "{\"message\":\"401 Unauthorized\"}"))
                .on("POST", ROTATE, json(200, ROTATED));

        RotationOutcome outcome = rotate(personal(), store);

        assertEquals(Result.ROTATED_NEW_TOKEN_REFUSED, outcome.result());
        assertEquals(1, stored.size(), "stored first: the old token is revoked either way");
    }

    @Test
    void aNewTokenThatCannotBeVerifiedIsStoredAndLeftToTheNextCheck() {
        host.on("GET", SELF, json(200, ACTIVE))
                .on("GET", SELF, new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST))
                .on("POST", ROTATE, json(200, ROTATED));

        RotationOutcome outcome = rotate(personal(), store);

        assertEquals(Result.ROTATED_UNVERIFIED, outcome.result(), outcome.message());
        assertEquals(1, stored.size());
        assertTrue(outcome.result().newTokenStored());
    }

    // ---------------------------------------------------------------- which hosts, and when

    @Test
    void onlyGitLabAccessTokensRotateByApiAndEveryOtherHostSaysWhatToDo() {
        assertTrue(RotationSupport.of(HostKind.GITLAB,
                io.jenkins.plugins.githostcredentials.core.host.TokenKind.GITLAB_ACCESS_TOKEN).byApi());
        for (io.jenkins.plugins.githostcredentials.core.host.TokenKind kind
                : io.jenkins.plugins.githostcredentials.core.host.TokenKind.values()) {
            for (HostKind hostKind : HostKind.values()) {
                if (!kind.belongsTo(hostKind)) {
                    continue;
                }
                RotationSupport support = RotationSupport.of(hostKind, kind);
                boolean gitlabAccessToken =
                        kind == io.jenkins.plugins.githostcredentials.core.host.TokenKind.GITLAB_ACCESS_TOKEN;
                assertEquals(gitlabAccessToken, support.byApi(), kind + " on " + hostKind);
                assertTrue(support.explanation().length() > 40, support.explanation());
            }
        }
    }

    @Test
    void rotationIsOffByDefaultAndDueWithinTheChosenDays() {
        Instant inTenDays = NOW.plus(java.time.Duration.ofDays(10));
        assertFalse(RotationPolicy.OFF.isDue(inTenDays, NOW));
        assertTrue(new RotationPolicy(14).isDue(inTenDays, NOW));
        assertFalse(new RotationPolicy(7).isDue(inTenDays, NOW));
        assertFalse(new RotationPolicy(14).isDue(null, NOW), "a token without expiry is never due");
    }
}
