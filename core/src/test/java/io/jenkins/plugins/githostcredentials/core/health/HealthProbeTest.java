package io.jenkins.plugins.githostcredentials.core.health;

import static io.jenkins.plugins.githostcredentials.core.health.HealthRulesTest.GITHUB_TOKEN;
import static io.jenkins.plugins.githostcredentials.core.health.HealthRulesTest.GITHUB_USER;
import static io.jenkins.plugins.githostcredentials.core.health.HealthRulesTest.GITLAB_TOKEN;
import static io.jenkins.plugins.githostcredentials.core.health.HealthRulesTest.GITLAB_USER;
import static io.jenkins.plugins.githostcredentials.core.health.HealthRulesTest.NOW;
import static io.jenkins.plugins.githostcredentials.core.health.HealthRulesTest.gitlabSelf;
import static io.jenkins.plugins.githostcredentials.core.testing.ScriptedHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.capability.Requirements;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionRequest;
import io.jenkins.plugins.githostcredentials.core.inspect.TokenInspector;
import io.jenkins.plugins.githostcredentials.core.testing.MutableClock;
import io.jenkins.plugins.githostcredentials.core.testing.ScriptedHost;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HealthProbeTest {

    ScriptedHost host;
    MutableClock clock;
    HealthProbe probe;

    @BeforeEach
    void start() throws IOException {
        host = new ScriptedHost();
        clock = new MutableClock(NOW);
        probe = new HealthProbe(new TokenInspector(ScriptedHost.fastClient(), clock), HealthSettings.defaults(), clock);
    }

    @AfterEach
    void stop() throws IOException {
        host.close();
    }

    private InspectionRequest gitlabJob() {
        return InspectionRequest.builder(host.endpoint(HostKind.GITLAB, "https://gitlab.example.com"), GITLAB_TOKEN)
                .repository("platform/tools/builder").required(Requirements.parse(List.of("checkout", "push"))).build();
    }

    @Test
    void withoutRecordedRequirementsOnlyIdentityAndExpiryAreAsked() {
        host.on("GET", "/api/personal_access_tokens/self", json(200, gitlabSelf(true, "2027-01-10")))
                .on("GET", "/api/user", json(200, GITLAB_USER));

        ProbeOutcome outcome = probe.probe(gitlabJob(), false, null);

        assertEquals(List.of("GET /api/personal_access_tokens/self", "GET /api/user"), host.calls(),
                "no project read, no capability probe");
        ProbeOutcome.Inspected inspected = assertInstanceOf(ProbeOutcome.Inspected.class, outcome);
        assertTrue(inspected.report().checks().isEmpty());
        assertEquals("2027-01-10T00:00:00Z", inspected.report().expiresAt().orElseThrow().toString());
    }

    @Test
    void aGitHubFineGrainedCheckWithoutRequirementsSendsNoProbe() {
        host.on("GET", "/api/user", json(200, GITHUB_USER));
        InspectionRequest job = InspectionRequest.builder(host.endpoint(HostKind.GITHUB, "https://github.com"),
                GITHUB_TOKEN).repository("octo-org/app").required(Requirements.parse(List.of("commit-status"))).build();

        probe.probe(job, false, null);

        assertEquals(List.of("GET /api/user"), host.calls(), "the status probe POSTs only when requirements are asked");
    }

    @Test
    void withRecordedRequirementsTheRepositoryAndNeedsAreJudged() {
        host.on("GET", "/api/personal_access_tokens/self", json(200, gitlabSelf(true, "2027-01-10")))
                .on("GET", "/api/user", json(200, GITLAB_USER))
                .on("GET", "/api/projects/platform%2Ftools%2Fbuilder", json(200, "{\"id\":3,\"visibility\":\"private\","
                        + "\"permissions\":{\"project_access\":{\"access_level\":30},\"group_access\":null}}"));

        ProbeOutcome.Inspected inspected = assertInstanceOf(ProbeOutcome.Inspected.class,
                probe.probe(gitlabJob(), true, null));

        assertEquals(2, inspected.report().checks().size());
        assertTrue(host.calls().contains("GET /api/projects/platform%2Ftools%2Fbuilder"), host.calls().toString());
    }

    private static HealthStatus lastSeenBudget(int remaining, int limit, Instant resetAt) {
        return new HealthStatus(Severity.OK, "OK, expires 2027-01-10", "", NOW, null, NOW, null, Map.of(), remaining,
                limit, resetAt, null);
    }

    @Test
    void aLowBudgetSkipsTheCheckWithoutAskingAndSaysUntilWhen() {
        Instant reset = NOW.plus(Duration.ofMinutes(40));

        ProbeOutcome outcome = probe.probe(gitlabJob(), false, lastSeenBudget(120, 5000, reset));

        ProbeOutcome.Skipped skipped = assertInstanceOf(ProbeOutcome.Skipped.class, outcome);
        assertEquals("only 120 of 5000 API requests were left until 2026-12-03T09:40:00Z, which jobs need more",
                skipped.reason());
        assertEquals(reset, skipped.retryAfter().orElseThrow());
        assertEquals(List.of(), host.calls());
        HealthStatus status = new HealthRules(HealthSettings.defaults()).evaluate(outcome,
                lastSeenBudget(120, 5000, reset), clock.instant());
        assertEquals(Severity.SKIPPED, status.severity());
        assertTrue(status.summary().startsWith("skipped: only 120 of 5000"), status.summary());
        assertTrue(status.summary().endsWith("last result: OK, expires 2027-01-10"), status.summary());
    }

    @Test
    void onceTheBudgetHasRefilledTheCheckAsksAgain() {
        host.on("GET", "/api/personal_access_tokens/self", json(200, gitlabSelf(true, "2027-01-10")))
                .on("GET", "/api/user", json(200, GITLAB_USER));
        HealthStatus low = lastSeenBudget(120, 5000, NOW.plus(Duration.ofMinutes(40)));

        clock.advance(Duration.ofMinutes(41));
        ProbeOutcome outcome = probe.probe(gitlabJob(), false, low);

        assertInstanceOf(ProbeOutcome.Inspected.class, outcome);
        assertInstanceOf(ProbeOutcome.Inspected.class, probe.probe(gitlabJob(), false,
                lastSeenBudget(4000, 5000, NOW.plus(Duration.ofHours(2)))), "a healthy budget never skips");
    }
}
