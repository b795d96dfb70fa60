package io.jenkins.plugins.githostcredentials.core.health;

import static io.jenkins.plugins.githostcredentials.core.health.HealthRulesTest.GITLAB_TOKEN;
import static io.jenkins.plugins.githostcredentials.core.health.HealthRulesTest.GITLAB_USER;
import static io.jenkins.plugins.githostcredentials.core.health.HealthRulesTest.NOW;
import static io.jenkins.plugins.githostcredentials.core.health.HealthRulesTest.gitlabSelf;
import static io.jenkins.plugins.githostcredentials.core.testing.ScriptedHost.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionReport;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionRequest;
import io.jenkins.plugins.githostcredentials.core.inspect.TokenInspector;
import io.jenkins.plugins.githostcredentials.core.testing.MutableClock;
import io.jenkins.plugins.githostcredentials.core.testing.ScriptedHost;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealthNoticeAndSweepTest {

    private static InspectionReport gitlabExpiring(String day) throws IOException {
        try (ScriptedHost host = new ScriptedHost()) {
            host.on("GET", "/api/personal_access_tokens/self", json(200, gitlabSelf(true, day)))
                    .on("GET", "/api/user", json(200, GITLAB_USER));
            return new TokenInspector(ScriptedHost.fastClient(), new MutableClock(NOW)).inspect(InspectionRequest
                    .builder(host.endpoint(HostKind.GITLAB, "https://gitlab.example.com"), GITLAB_TOKEN).build());
        }
    }

    @Test
    void aBuildPrintsOneLineWhenTheTokenExpiresWithinTheWarningPeriod() throws IOException {
        InspectionReport soon = gitlabExpiring("2026-12-06");

        Optional<String> line = BuildLogNotice.expiryNotice(soon, 14, NOW);

        assertEquals(Optional.of("Git Host Credentials: the GitLab token expires in 2 days (2026-12-06): ask an "
                + "administrator to renew it before then."), line);
        assertEquals(Optional.empty(), BuildLogNotice.expiryNotice(soon, 1, NOW));
        assertEquals(Optional.empty(), BuildLogNotice.expiryNotice(gitlabExpiring("2027-06-01"), 14, NOW));
        assertEquals(Optional.empty(), BuildLogNotice.expiryNotice(gitlabExpiring(null), 14, NOW), "never expires");
        assertTrue(BuildLogNotice.expiryNotice(soon, 14, NOW.plus(Duration.ofDays(4))).orElseThrow()
                .contains("expired on 2026-12-06"));
        assertTrue(!line.orElseThrow().contains(GITLAB_TOKEN.reveal()));
    }

    @Test
    void aBlockWithoutPreflightPrintsTheSameLineFromTheStoredExpiry() {
        java.time.Instant storedExpiry = java.time.Instant.parse("2026-12-06T00:00:00Z");

        assertEquals(Optional.of("Git Host Credentials: the GitLab token expires in 2 days (2026-12-06): ask an "
                + "administrator to renew it before then."),
                BuildLogNotice.expiryNotice(HostKind.GITLAB, storedExpiry, 14, NOW));
        assertEquals(Optional.empty(), BuildLogNotice.expiryNotice(HostKind.GITLAB, storedExpiry, 1, NOW));
        assertEquals(Optional.empty(), BuildLogNotice.expiryNotice(HostKind.GITLAB, null, 14, NOW),
                "no stored expiry: no line");
        assertEquals(Optional.of("Git Host Credentials: the GitLab token expired on 2026-12-06: create a new one and "
                + "update the credential."),
                BuildLogNotice.expiryNotice(HostKind.GITLAB, storedExpiry, 14, NOW.plus(Duration.ofDays(4))));
    }

    @Test
    void theSweepChecksOneHostAtATimePerHostAndKeepsTheOrder() throws InterruptedException {
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger maxSameHost = new AtomicInteger();
        List<String> credentials = List.of("a@gitlab", "b@github", "c@gitlab", "d@bitbucket", "e@gitlab", "f@github");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

        Map<String, HealthStatus> results = new HealthSweep(2, clock).run(credentials,
                id -> id.substring(id.indexOf('@') + 1), id -> {
                    AtomicInteger running = inFlight.computeIfAbsent(id.substring(id.indexOf('@')), h -> new AtomicInteger());
                    maxSameHost.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    if (id.startsWith("d")) {
                        throw new IllegalStateException("boom with glpat-" + "secretsecret");
                    }
                    return new HealthStatus(Severity.OK, "OK " + id, "", NOW, null, NOW, null, Map.of(), -1, -1, null,
                            null);
                });

        assertEquals(credentials, List.copyOf(results.keySet()));
        assertEquals(1, maxSameHost.get(), "never two checks on one host at once");
        assertEquals(Severity.SKIPPED, results.get("d@bitbucket").severity());
        assertEquals("not checked: the check failed (IllegalStateException); see the controller log",
                results.get("d@bitbucket").summary(), "the exception's message may hold a secret");
        assertEquals("OK e@gitlab", results.get("e@gitlab").summary());
    }
}
