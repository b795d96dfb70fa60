package io.jenkins.plugins.githostcredentials.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.capability.Requirements;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import io.jenkins.plugins.githostcredentials.core.http.HttpSettings;
import io.jenkins.plugins.githostcredentials.core.http.ProxySettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A MockWebServer speaking one host's wire format, a fixed clock, and checks every report must pass. */
abstract class InspectionTestSupport {

    /** The inspections run "on" this day. */
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    MockWebServer server;
    FakeHost host;

    @BeforeEach
    void startServer() throws IOException {
        host = new FakeHost();
        server = new MockWebServer();
        server.setDispatcher(host);
        server.start();
    }

    @AfterEach
    void stopServer() throws IOException {
        server.shutdown();
    }

    /** Short timeouts and a single attempt: no test waits on retries. */
    static HostHttpClient fastClient() {
        return new HostHttpClient(new HttpSettings(
                Duration.ofSeconds(2), Duration.ofSeconds(2), ProxySettings.direct(), "inspection-test", 1, Duration.ZERO));
    }

    static TokenInspector inspector() {
        return new TokenInspector(fastClient(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** An endpoint of the given kind whose API is the mock server. */
    HostEndpoint endpoint(HostKind kind, String serverUrl) {
        String api = server.url("/api").toString();
        return new HostEndpoint(kind, serverUrl, api.endsWith("/") ? api.substring(0, api.length() - 1) : api);
    }

    static Requirements require(String... words) {
        return Requirements.parse(List.of(words));
    }

    /** Inspects, then checks what every report must satisfy: no secret anywhere, and no call the test did not plan. */
    InspectionReport inspect(InspectionRequest request) {
        InspectionReport report = inspector().inspect(request);
        assertNotNull(report);
        assertSecretNowhere(report, request.token());
        assertEquals(List.of(), host.unexpected(), "calls the test did not expect");
        return report;
    }

    static void assertSecretNowhere(InspectionReport report, SecretText token) {
        String secret = token.reveal();
        for (String rendered : List.of(report.summary(), report.toPlainText(), report.toHtml(), report.toString(),
                String.valueOf(report.checks()), String.valueOf(report.warnings()), String.valueOf(report.notes()),
                report.identity(), report.failure().orElse(""))) {
            assertFalse(rendered.contains(secret), "the token appears in: " + rendered);
        }
    }

    static CapabilityCheck check(InspectionReport report, String requirement) {
        return report.checks().stream().filter(c -> c.requirement().equals(requirement)).findFirst()
                .orElseThrow(() -> new AssertionError("no check for " + requirement + " in " + report.checks()));
    }

    static void assertStatus(InspectionReport report, String requirement, CapabilityCheck.Status status) {
        CapabilityCheck check = check(report, requirement);
        assertEquals(status, check.status(), requirement + ": " + check.reason());
    }
}
