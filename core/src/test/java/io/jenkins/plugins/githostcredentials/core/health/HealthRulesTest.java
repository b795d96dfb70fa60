package io.jenkins.plugins.githostcredentials.core.health;

import static io.jenkins.plugins.githostcredentials.core.testing.ScriptedHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.capability.Requirements;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException;
import io.jenkins.plugins.githostcredentials.core.github.Installation;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionReport;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionRequest;
import io.jenkins.plugins.githostcredentials.core.inspect.TokenInspector;
import io.jenkins.plugins.githostcredentials.core.testing.MutableClock;
import io.jenkins.plugins.githostcredentials.core.testing.ScriptedHost;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules, fed with real inspection reports: each host's documented JSON from a mock server (shapes as in the
 * inspection tests, which cite the vendor docs), judged at hand-moved times.
 */
class HealthRulesTest {

    static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");

    static final SecretText GITLAB_TOKEN = SecretText.of("glpat-" + "Hq7Tz2Wm9Xc4Vb6Nk3Lp");
    static final SecretText GITHUB_TOKEN = SecretText.of("ghp_" + "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2");
    static final SecretText APP_PASSWORD = SecretText.of("ATBB" + "nQ5gS8uZ3vJ0qP4bT7eG9hI2kL6mA1yD");
    static final SecretText AZURE_PAT = SecretText.of("q4nr8m5wcek3lrzd7qqsxb6uzk8pfi5t4lv3gycnazys7er5wibb");

    /** GET /personal_access_tokens/self, as in GitLab's "Personal access tokens API" docs. */
    static String gitlabSelf(boolean active, String expiresAt) {
        return "{\"id\":4,\"name\":\"jenkins\",\"revoked\":false,\"created_at\":\"2026-01-10T14:31:47.729Z\","
                + "\"description\":\"CI\",\"scopes\":[\"api\"],\"user_id\":24,\"last_used_at\":\"2026-12-02T17:58:37.550Z\","
                + "\"active\":" + active + ",\"expires_at\":" + (expiresAt == null ? "null" : "\"" + expiresAt + "\"") + "}";
    }

    static final String GITLAB_USER = """
            {"id":24,"username":"jenkins-ci","name":"Jenkins CI","state":"active","bot":false}""";

    static final String GITHUB_USER = """
            {"login":"octo-ci","id":583231,"type":"User","name":"Octo CI"}""";

    static final String BITBUCKET_USER = """
            {"type":"user","uuid":"{d301aafa-d676-4ee0-88be-962be7417567}","display_name":"Jane Builder",
             "nickname":"jbuilder","username":"jbuilder","account_status":"active"}""";

    static final String AZURE_CONNECTION = """
            {"authenticatedUser":{"id":"6a3e1c56-8d1e-4c6b-9a8e-7b1a53e0a4c1","descriptor":"Microsoft.IdentityModel.Claims.ClaimsIdentity;jamal@fabrikam.com",
              "providerDisplayName":"Jamal Hartnett","isActive":true,
              "properties":{"Account":{"$type":"System.String","$value":"jamal@fabrikam.com"}}}}""";

    ScriptedHost host;
    MutableClock clock;
    final List<String> shown = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        host = new ScriptedHost();
        clock = new MutableClock(NOW);
    }

    @AfterEach
    void stop() throws IOException {
        host.close();
        for (String text : shown) {
            for (SecretText secret : List.of(GITLAB_TOKEN, GITHUB_TOKEN, APP_PASSWORD, AZURE_PAT)) {
                assertFalse(text.contains(secret.reveal()), () -> "a secret leaked into: " + text);
            }
        }
    }

    private InspectionReport inspect(HostKind kind, String server, SecretText token, String username,
            Requirements required) {
        return inspectAt(host.endpoint(kind, server), token, username, required);
    }

    private InspectionReport inspectAt(HostEndpoint endpoint, SecretText token, String username, Requirements required) {
        InspectionReport report = new TokenInspector(ScriptedHost.fastClient(), clock)
                .inspect(InspectionRequest.builder(endpoint, token).username(username).required(required).build());
        shown.add(report.toPlainText());
        return report;
    }

    private HealthStatus judge(InspectionReport report, boolean requirementsRecorded, HealthStatus previous) {
        return judge(new ProbeOutcome.Inspected(report, requirementsRecorded), previous, HealthSettings.defaults());
    }

    private HealthStatus judge(ProbeOutcome outcome, HealthStatus previous, HealthSettings settings) {
        HealthStatus status = new HealthRules(settings).evaluate(outcome, previous, clock.instant());
        shown.add(status.toString());
        shown.add(status.monitorLine());
        shown.add(status.describe(clock.instant()));
        shown.add(status.toPlainValues().toString());
        return status;
    }

    private void gitlabAnswers(String expiresAt) {
        host.on("GET", "/api/personal_access_tokens/self", json(200, gitlabSelf(true, expiresAt)))
                .on("GET", "/api/user", json(200, GITLAB_USER));
    }

    private InspectionReport gitlab() {
        return inspect(HostKind.GITLAB, "https://gitlab.example.com", GITLAB_TOKEN, null, Requirements.none());
    }

    @Test
    void aTokenFarFromExpiryIsOkAndSaysWhenItExpires() {
        gitlabAnswers("2027-01-10");

        HealthStatus status = judge(gitlab(), false, null);

        assertEquals(Severity.OK, status.severity());
        assertEquals("OK, expires 2027-01-10", status.summary());
        assertEquals("", status.action());
        assertFalse(status.needsAttention());
        clock.advance(Duration.ofHours(2));
        assertEquals("checked 2 h ago: OK, expires 2027-01-10", status.describe(clock.instant()));
    }

    @Test
    void aTokenExpiringWithinTheWarningPeriodSaysHowLongAndWhatToDo() {
        gitlabAnswers("2026-12-06");

        HealthStatus status = judge(gitlab(), false, null);

        assertEquals(Severity.EXPIRING_SOON, status.severity());
        assertEquals("expires in 2 days (2026-12-06)", status.summary());
        assertTrue(status.action().contains("User settings > Access tokens"), status.action());
        assertTrue(status.action().contains("rotate before expiry"), "GitLab tokens can rotate: " + status.action());
        HealthStatus shorter = judge(new ProbeOutcome.Inspected(gitlab(), false), null,
                HealthSettings.defaults().withExpiryWarningDays(2));
        assertEquals(Severity.OK, shorter.severity(), "GitLab tokens expire at the start of 2026-12-06: 2 days 15 h left");
    }

    @Test
    void anExpiredTokenComesBeforeEverythingAndARejectedOneToo() throws IOException {
        host.on("GET", "/api/personal_access_tokens/self", json(200, gitlabSelf(false, "2026-12-01")));
        HealthStatus expired = judge(gitlab(), false, null);
        assertEquals(Severity.EXPIRED, expired.severity());
        assertEquals("expired on 2026-12-01", expired.summary());

        HealthStatus rejected;
        try (ScriptedHost other = new ScriptedHost()) {
            other.on("GET", "/api/personal_access_tokens/self",
                    json(401, "{\"message\":\"401 Unauthorized\"}"));
            rejected = judge(inspectAt(other.endpoint(HostKind.GITLAB, "https://gitlab.example.com"), GITLAB_TOKEN, null,
                    Requirements.none()), false, null);
        }
        assertEquals(Severity.REJECTED, rejected.severity());
        assertEquals("rejected by GitLab (HTTP 401)", rejected.summary());
        assertTrue(rejected.action().contains("Create a new token"), rejected.action());
    }

    @Test
    void aRefusalAfterTheRememberedExpiryIsReportedAsExpired() throws IOException {
        gitlabAnswers("2026-12-05");
        HealthStatus soon = judge(gitlab(), false, null);
        clock.advance(Duration.ofDays(3));
        try (ScriptedHost refusing = new ScriptedHost()) {
            refusing.on("GET", "/api/personal_access_tokens/self", json(401, "{\"message\":\"401 Unauthorized\"}"));
            HealthStatus after = judge(inspectAt(refusing.endpoint(HostKind.GITLAB, "https://gitlab.example.com"),
                    GITLAB_TOKEN, null, Requirements.none()), false, soon);
            assertEquals(Severity.EXPIRED, after.severity());
            assertEquals("expired on 2026-12-05", after.summary());
        }
    }

    @Test
    void excessScopesCountOnlyWhenRequirementsAreRecorded() {
        host.on("GET", "/api/user", json(200, GITHUB_USER).setHeader("X-OAuth-Scopes", "repo, admin:org"));
        InspectionReport report = inspect(HostKind.GITHUB, "https://github.com", GITHUB_TOKEN, null,
                Requirements.parse(List.of("checkout")));

        HealthStatus recorded = judge(report, true, null);
        HealthStatus notRecorded = judge(report, false, null);

        assertEquals(Severity.OVER_PRIVILEGED, recorded.severity());
        assertTrue(recorded.action().contains("admin:org"), recorded.action());
        assertEquals(Severity.OK, notRecorded.severity());
        assertEquals("OK, expiry not reported by GitHub", notRecorded.summary());
    }

    @Test
    void aTokenThatLostWhatItIsUsedForIsMissingPermissions() {
        host.on("GET", "/api/user", json(200, GITHUB_USER).setHeader("X-OAuth-Scopes", "read:user")
                .setHeader("GitHub-Authentication-Token-Expiration", "2026-12-05 10:00:00 UTC"));
        InspectionReport report = inspect(HostKind.GITHUB, "https://github.com", GITHUB_TOKEN, null,
                Requirements.parse(List.of("commit-status")));

        HealthStatus status = judge(report, true, null);

        assertEquals(Severity.EXPIRING_SOON, status.severity(), "expiry outranks the missing scope");
        assertTrue(status.summary().startsWith("expires in 2 days (2026-12-05)"), status.summary());
        assertTrue(status.summary().contains("also: missing repo"), status.summary());
    }

    @Test
    void aBitbucketAppPasswordIsARetiredMechanism() {
        host.on("GET", "/api/user", json(200, BITBUCKET_USER).setHeader("x-credential-type", "app_password")
                .setHeader("x-oauth-scopes", "repository"));

        HealthStatus status = judge(inspect(HostKind.BITBUCKET_CLOUD, "https://bitbucket.org", APP_PASSWORD, "jbuilder",
                Requirements.none()), false, null);

        assertEquals(Severity.RETIRED_MECHANISM, status.severity());
        assertTrue(status.action().contains("API token"), status.action());
    }

    @Test
    void anAzurePatRefusedAfterTheGlobalPatEndMentionsGlobalPats() {
        host.on("GET", "/api/_apis/connectionData", new MockResponse().setResponseCode(401));

        HealthStatus status = judge(inspect(HostKind.AZURE_DEVOPS, "https://dev.azure.com/fabrikam", AZURE_PAT, null,
                Requirements.none()), false, null);

        assertEquals(Severity.REJECTED, status.severity());
        assertTrue(status.action().contains("global PAT"), status.action());
        assertTrue(status.action().contains("Entra ID"), status.action());
    }

    @Test
    void aWorkingAzurePatBeforeTheEndOfGlobalPatsMayBeOne() {
        clock = new MutableClock(Instant.parse("2026-11-20T09:00:00Z"));
        host.on("GET", "/api/_apis/connectionData", json(200, AZURE_CONNECTION));
        HostEndpoint services = new HostEndpoint(HostKind.AZURE_DEVOPS, "https://dev.azure.com/fabrikam",
                host.endpoint(HostKind.AZURE_DEVOPS, "https://dev.azure.com/fabrikam").apiBaseUrl());

        HealthStatus status = judge(inspectAt(services, AZURE_PAT, null, Requirements.none()), false, null);

        assertEquals(Severity.RETIRED_MECHANISM, status.severity(), status.summary());
    }

    @Test
    void aHostCountsAsUnreachableOnlyAfterADayOfFailures() {
        gitlabAnswers("2027-06-01");
        HealthStatus ok = judge(gitlab(), false, null);
        HostEndpoint down = new HostEndpoint(HostKind.GITLAB, "https://gitlab.example.com", "http://127.0.0.1:1/api");

        clock.advance(Duration.ofHours(12));
        HealthStatus first = judge(inspectAt(down, GITLAB_TOKEN, null, Requirements.none()), false, ok);
        assertEquals(Severity.OK, first.severity(), "one failed check says nothing yet");
        assertTrue(first.summary().startsWith("OK, expires 2027-06-01 (could not reach GitLab since"), first.summary());
        assertEquals(clock.instant(), first.failingSince());
        assertEquals(ok.fingerprint(), first.fingerprint(), "a short outage must not re-show a dismissed line");

        clock.advance(Duration.ofHours(23));
        HealthStatus later = judge(inspectAt(down, GITLAB_TOKEN, null, Requirements.none()), false, first);
        assertEquals(Severity.OK, later.severity());

        clock.advance(Duration.ofHours(1));
        HealthStatus day = judge(inspectAt(down, GITLAB_TOKEN, null, Requirements.none()), false, later);
        assertEquals(Severity.UNREACHABLE, day.severity());
        assertTrue(day.summary().startsWith("GitLab unreachable since 2026-12-03 21:00 UTC"), day.summary());
        assertTrue(day.action().contains("proxy"), day.action());

        clock.advance(Duration.ofHours(12));
        HealthStatus back = judge(gitlab(), false, day);
        assertEquals(Severity.OK, back.severity());
        assertNull(back.failingSince());
    }

    @Test
    void aRememberedExpiryStillCountsWhileTheHostIsAway() {
        gitlabAnswers("2026-12-20");
        HealthStatus ok = judge(gitlab(), false, null);
        assertEquals(Severity.OK, ok.severity());
        HostEndpoint down = new HostEndpoint(HostKind.GITLAB, "https://gitlab.example.com", "http://127.0.0.1:1/api");

        clock.advance(Duration.ofDays(5));
        HealthStatus away = judge(inspectAt(down, GITLAB_TOKEN, null, Requirements.none()), false, ok);

        assertEquals(Severity.EXPIRING_SOON, away.severity(), away.summary());
        assertTrue(away.summary().startsWith("expires in 11 days (2026-12-20)"), away.summary());
    }

    @Test
    void aRateLimitedCheckIsSkippedAndSaysSo() throws IOException {
        gitlabAnswers("2027-06-01");
        HealthStatus ok = judge(gitlab(), false, null);
        try (ScriptedHost limited = new ScriptedHost()) {
            limited.on("GET", "/api/personal_access_tokens/self", json(429, "{\"message\":\"Retry later\"}")
                    .setHeader("Retry-After", "3600"));
            HealthStatus skipped = judge(inspectAt(limited.endpoint(HostKind.GITLAB, "https://gitlab.example.com"),
                    GITLAB_TOKEN, null, Requirements.none()), false, ok);
            assertEquals(Severity.SKIPPED, skipped.severity());
            assertEquals("skipped: GitLab rate-limited the check; last result: OK, expires 2027-06-01",
                    skipped.summary());
            assertEquals(ok.expiresAt(), skipped.expiresAt());
        }
    }

    // ---------------------------------------------------------------- GitHub Apps

    private static Installation installation(Map<String, String> permissions, boolean suspended) {
        return new Installation(42, "octo-org", "Organization", "selected", permissions, suspended);
    }

    @Test
    void anAppWhosePermissionsChangedSaysWhatChangedAndADismissalHoldsUntilTheyChangeAgain() {
        HealthSettings settings = HealthSettings.defaults();
        HealthStatus first = judge(new ProbeOutcome.AppInstallation(
                installation(Map.of("contents", "read", "metadata", "read"), false)), null, settings);
        assertEquals(Severity.OK, first.severity());
        assertEquals("OK, key accepted, installed on octo-org", first.summary());

        clock.advance(Duration.ofHours(12));
        HealthStatus changed = judge(new ProbeOutcome.AppInstallation(
                installation(Map.of("contents", "write", "issues", "write"), false)), first, settings);
        assertEquals(Severity.PERMISSIONS_CHANGED, changed.severity());
        assertEquals("installation permissions changed since the last check: contents read -> write, added "
                + "issues:write, removed metadata", changed.summary());

        clock.advance(Duration.ofHours(12));
        HealthStatus same = judge(new ProbeOutcome.AppInstallation(
                installation(Map.of("contents", "write", "issues", "write"), false)), changed, settings);
        assertEquals(Severity.OK, same.severity(), "the new permissions are now the known ones");
    }

    @Test
    void anAppWhoseKeyIsRejectedOrWhoseInstallationIsGoneIsRejected() {
        HealthSettings settings = HealthSettings.defaults();
        HealthStatus key = judge(new ProbeOutcome.AppFailed(new GitHubAppException(
                GitHubAppException.Problem.APP_AUTHENTICATION_FAILED, 401, "GitHub rejected the app's credentials: "
                        + "check the key")), null, settings);
        HealthStatus gone = judge(new ProbeOutcome.AppFailed(new GitHubAppException(
                GitHubAppException.Problem.NOT_INSTALLED, 404, "Installation 42 was not found")), null, settings);
        HealthStatus suspended = judge(new ProbeOutcome.AppInstallation(
                installation(Map.of("contents", "read"), true)), null, settings);

        assertEquals(Severity.REJECTED, key.severity());
        assertEquals("GitHub rejected the app's key", key.summary());
        assertEquals(Severity.REJECTED, gone.severity());
        assertEquals(Severity.REJECTED, suspended.severity());
        assertTrue(suspended.action().contains("unsuspend"), suspended.action());
        assertNotEquals(key.fingerprint(), gone.fingerprint());
    }

    // ---------------------------------------------------------------- monitor

    @Test
    void theMonitorSortsMostUrgentFirstThenSoonestExpiry() {
        Instant at = NOW;
        HealthStatus ok = new HealthStatus(Severity.OK, "OK", "", at, at.plus(Duration.ofDays(90)), at, null, Map.of(),
                -1, -1, null, null);
        HealthStatus soonLater = new HealthStatus(Severity.EXPIRING_SOON, "expires in 9 days", "", at,
                at.plus(Duration.ofDays(9)), at, null, Map.of(), -1, -1, null, null);
        HealthStatus soonFirst = new HealthStatus(Severity.EXPIRING_SOON, "expires in 2 days", "", at,
                at.plus(Duration.ofDays(2)), at, null, Map.of(), -1, -1, null, null);
        HealthStatus rejected = new HealthStatus(Severity.REJECTED, "rejected", "", at, null, at, null, Map.of(),
                -1, -1, null, null);
        HealthStatus expired = new HealthStatus(Severity.EXPIRED, "expired", "", at, at.minusSeconds(60), at, null,
                Map.of(), -1, -1, null, null);
        HealthStatus skipped = new HealthStatus(Severity.SKIPPED, "skipped", "", at, null, at, null, Map.of(),
                -1, -1, null, null);

        List<HealthStatus> sorted = new ArrayList<>(List.of(ok, skipped, soonLater, rejected, soonFirst, expired));
        sorted.sort(HealthStatus.MOST_URGENT_FIRST);

        assertEquals(List.of(expired, rejected, soonFirst, soonLater, ok, skipped), sorted);
        assertEquals(List.of(true, true, true, true, false, false),
                sorted.stream().map(HealthStatus::needsAttention).toList());
    }

    @Test
    void theFingerprintChangesWithTheStateAndNotWithTheClock() {
        gitlabAnswers("2026-12-10");
        HealthStatus soon = judge(gitlab(), false, null);
        clock.advance(Duration.ofDays(1));
        HealthStatus dayLater = judge(gitlab(), false, soon);
        clock.advance(Duration.ofDays(7));
        HealthStatus expired = judge(gitlab(), false, dayLater);

        assertEquals(Severity.EXPIRING_SOON, dayLater.severity());
        assertNotEquals(soon.summary(), dayLater.summary(), "the day count moves on");
        assertEquals(soon.fingerprint(), dayLater.fingerprint(), "but the state is the same: a dismissal holds");
        assertEquals(Severity.EXPIRED, expired.severity());
        assertNotEquals(soon.fingerprint(), expired.fingerprint());
    }

    @Test
    void theStateRoundTripsThroughPlainValuesWithoutAnySecret() {
        host.on("GET", "/api/personal_access_tokens/self", json(200, gitlabSelf(true, "2026-12-08"))
                .setHeader("RateLimit-Limit", "2000").setHeader("RateLimit-Remaining", "1990")
                .setHeader("RateLimit-Reset", "1796288460"))
                .on("GET", "/api/user", json(200, GITLAB_USER));
        HealthStatus status = judge(gitlab(), false, null);
        HealthStatus app = judge(new ProbeOutcome.AppInstallation(installation(Map.of("contents", "read"), false)),
                null, HealthSettings.defaults());

        Map<String, String> values = status.toPlainValues();

        assertEquals(status, HealthStatus.fromPlainValues(values).orElseThrow());
        assertEquals(app, HealthStatus.fromPlainValues(app.toPlainValues()).orElseThrow());
        assertEquals("1990", values.get("rateRemaining"));
        assertEquals("read", app.toPlainValues().get("appPermission.contents"));
        assertEquals(status.fingerprint(), values.get("fingerprint"));
        assertTrue(HealthStatus.fromPlainValues(Map.of("severity", "NO_SUCH")).isEmpty());
        assertTrue(HealthStatus.fromPlainValues(null).isEmpty());
    }
}
