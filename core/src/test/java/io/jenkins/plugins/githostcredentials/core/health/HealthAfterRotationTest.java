package io.jenkins.plugins.githostcredentials.core.health;

import static io.jenkins.plugins.githostcredentials.core.health.HealthRulesTest.NOW;
import static io.jenkins.plugins.githostcredentials.core.testing.ScriptedHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.rotation.GitLabTokenRotation;
import io.jenkins.plugins.githostcredentials.core.rotation.RotationOutcome;
import io.jenkins.plugins.githostcredentials.core.rotation.RotationRequest;
import io.jenkins.plugins.githostcredentials.core.testing.MutableClock;
import io.jenkins.plugins.githostcredentials.core.testing.ScriptedHost;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the monitor shows after an automatic rotation; GitLab JSON as in GitLabTokenRotationTest. */
class HealthAfterRotationTest {

    static final SecretText OLD = SecretText.of("glpat-" + "0ldT0kenValue7Qx2Wz9");
    static final String NEW = "glpat-" + "n3wT0kenValue4Rk8Lm1";
    static final String SELF = "{\"id\":4,\"name\":\"jenkins\",\"revoked\":false,\"created_at\":"
            + "\"2026-09-10T14:31:47.729Z\",\"scopes\":[\"api\"],\"user_id\":24,\"active\":true,"
            + "\"expires_at\":\"2026-12-09\"}";
    static final String ROTATED = "{\"id\":42,\"name\":\"jenkins\",\"revoked\":false,\"scopes\":[\"api\"],"
            + "\"user_id\":24,\"active\":true,\"expires_at\":\"2027-03-03\",\"token\":\"" + NEW + "\"}";

    ScriptedHost host;
    GitLabTokenRotation rotation;
    final HealthRules rules = new HealthRules(HealthSettings.defaults());
    final HealthStatus expiringSoon = new HealthStatus(Severity.EXPIRING_SOON, "expires in 5 days (2026-12-09)",
            "Create a new token", NOW, Instant.parse("2026-12-09T00:00:00Z"), NOW, null, Map.of(), -1, -1, null,
            "expiring:2026-12-09");

    @BeforeEach
    void start() throws IOException {
        host = new ScriptedHost();
        rotation = new GitLabTokenRotation(ScriptedHost.fastClient(), new MutableClock(NOW));
    }

    @AfterEach
    void stop() throws IOException {
        host.close();
    }

    private RotationRequest request() {
        return RotationRequest.personal("gitlab-ci", host.endpoint(HostKind.GITLAB, "https://gitlab.example.com"), OLD);
    }

    private static void assertNoSecret(HealthStatus status) {
        for (String text : List.of(status.toString(), status.monitorLine(), status.toPlainValues().toString())) {
            assertFalse(text.contains(NEW) || text.contains(OLD.reveal()), () -> "a token leaked into: " + text);
        }
    }

    @Test
    void aTokenNotStoredOutranksEveryOtherLine() {
        host.on("GET", "/api/personal_access_tokens/self", json(200, SELF))
                .on("POST", "/api/personal_access_tokens/self/rotate", json(200, ROTATED));
        RotationOutcome outcome = rotation.rotate(request(), rotated -> {
            throw new IOException("the credentials store is read-only");
        });

        HealthStatus status = rules.afterRotation(outcome, expiringSoon, NOW);

        assertNoSecret(status);
        assertEquals(Severity.ROTATION_NOT_STORED, status.severity());
        assertEquals("rotated, not stored: store this new token now", status.summary());
        assertTrue(status.action().contains("read-only"), status.action());
        assertEquals(Instant.parse("2027-03-03T00:00:00Z"), status.expiresAt());
        List<HealthStatus> lines = new ArrayList<>(List.of(expiringSoon, status));
        lines.sort(HealthStatus.MOST_URGENT_FIRST);
        assertEquals(status, lines.get(0));
    }

    @Test
    void aStoredRotationIsOkWithTheNewExpiry() {
        host.on("GET", "/api/personal_access_tokens/self", json(200, SELF))
                .on("GET", "/api/personal_access_tokens/self", json(200, SELF.replace("2026-12-09", "2027-03-03")))
                .on("POST", "/api/personal_access_tokens/self/rotate", json(200, ROTATED));
        RotationOutcome outcome = rotation.rotate(request(), rotated -> { });

        HealthStatus status = rules.afterRotation(outcome, expiringSoon, NOW);

        assertNoSecret(status);
        assertEquals(Severity.OK, status.severity());
        assertEquals("OK, rotated on 2026-12-03, expires 2027-03-03", status.summary());
    }

    @Test
    void aRotationThatChangedNothingKeepsTheStateAndSaysWhy() {
        host.on("GET", "/api/personal_access_tokens/self", json(200, SELF.replace("[\"api\"]", "[\"read_api\"]")));
        RotationOutcome outcome = rotation.rotate(request(), rotated -> { });

        HealthStatus status = rules.afterRotation(outcome, expiringSoon, NOW);

        assertEquals(Severity.EXPIRING_SOON, status.severity());
        assertEquals(expiringSoon.fingerprint(), status.fingerprint());
        assertTrue(status.action().contains("self_rotate"), status.action());
    }
}
