package io.jenkins.plugins.githostcredentials.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.host.HostAuthentication;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HostHttpClientTest {

    private static final SecretText GITHUB_TOKEN = SecretText.of("ghp_16C7e42F292c6912E7710c838347Ae178B4a");

    private final MockWebServer server = new MockWebServer();
    private final FakeTime time = new FakeTime();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private String url(String path) {
        return server.url(path).toString();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json; charset=utf-8")
                .setBody(body);
    }

    private RecordedRequest takeRequest() throws InterruptedException {
        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertTrue(recorded != null, "the server received no request");
        return recorded;
    }

    private long epochSecondsFromNow(long seconds) {
        return time.instant().plusSeconds(seconds).getEpochSecond();
    }

    @Test
    void sendsTheAuthHeaderUserAgentAndJsonAccept() throws Exception {
        server.enqueue(json(200, "{\"login\":\"octocat\"}"));

        HostResponse response = time.client(1)
                .execute(HostRequest.get(url("/user")).auth(HostAuthentication.bearer(GITHUB_TOKEN)));

        assertEquals(200, response.status());
        assertEquals("octocat", response.json().path("login").asText());
        RecordedRequest recorded = takeRequest();
        assertEquals("GET", recorded.getMethod());
        assertEquals("Bearer " + GITHUB_TOKEN.reveal(), recorded.getHeader("Authorization"));
        assertEquals(HttpSettings.defaultUserAgent(), recorded.getHeader("User-Agent"));
        assertTrue(recorded.getHeader("User-Agent").startsWith("git-host-credentials/"));
        assertEquals("application/json", recorded.getHeader("Accept"));
    }

    @Test
    void gitLabPrivateTokenAndCallerHeadersAreSentAsGiven() throws Exception {
        server.enqueue(json(200, "{\"id\":1}"));
        HttpSettings settings = new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
                ProxySettings.jvmDefault(),                "jenkins-test/1.2", 1, Duration.ofSeconds(1));

        time.client(settings, 1.0).execute(HostRequest.get(url("/api/v4/user"))
                .auth(HostAuthentication.privateToken(SecretText.of("glpat-xxxxxxxxxxxxxxxxxxxx")))
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28"));

        RecordedRequest recorded = takeRequest();
        assertEquals("glpat-xxxxxxxxxxxxxxxxxxxx", recorded.getHeader("PRIVATE-TOKEN"));
        assertNull(recorded.getHeader("Authorization"));
        assertEquals("application/vnd.github+json", recorded.getHeader("Accept"));
        assertEquals("2022-11-28", recorded.getHeader("X-GitHub-Api-Version"));
        assertEquals("jenkins-test/1.2", recorded.getHeader("User-Agent"));
    }

    @Test
    void postSendsTheJsonBody() throws Exception {
        server.enqueue(json(201, "{\"token\":\"ghs_x\",\"expires_at\":\"2026-03-02T11:00:00Z\"}"));

        HostResponse response = time.client(1).execute(HostRequest.post(
                url("/app/installations/42/access_tokens"), "{\"repositories\":[\"hello\"]}"));

        assertEquals(201, response.status());
        RecordedRequest recorded = takeRequest();
        assertEquals("POST", recorded.getMethod());
        assertEquals("{\"repositories\":[\"hello\"]}", recorded.getBody().readUtf8());
        assertEquals("application/json; charset=utf-8", recorded.getHeader("Content-Type"));
    }

    @Test
    void deleteIsSentWithoutBody() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(204));

        HostResponse response = time.client(1).execute(HostRequest.delete(url("/installation/token")));

        assertEquals(204, response.status());
        assertEquals("", response.body());
        RecordedRequest recorded = takeRequest();
        assertEquals("DELETE", recorded.getMethod());
        assertEquals(0, recorded.getBodySize());
    }

    @Test
    void badGatewayThenSuccessIsRetriedAfterOneBackoff() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(502).setBody("<html>502 Bad Gateway</html>"));
        server.enqueue(json(200, "{\"login\":\"octocat\"}"));

        HostResponse response = time.client(3).execute(HostRequest.get(url("/user")));

        assertEquals(200, response.status());
        assertEquals(2, server.getRequestCount());
        assertEquals(List.of(HostHttpClient.FIRST_BACKOFF), time.sleeps());
    }

    @Test
    void backoffDoublesUpToItsCapThenGivesUpWithServerError() {
        for (int i = 0; i < 7; i++) {
            server.enqueue(new MockResponse().setResponseCode(503));
        }

        HostApiException e = assertThrows(HostApiException.class,
                () -> time.client(7).execute(HostRequest.get(url("/user")).describedAs("reading the user")));

        assertEquals(Failure.SERVER_ERROR, e.failure());
        assertEquals(503, e.status());
        assertEquals(7, server.getRequestCount());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(16), Duration.ofSeconds(16)), time.sleeps());
        assertTrue(e.getMessage().contains("the host failed (HTTP 503); try again later"), e.getMessage());
        assertTrue(e.getMessage().contains("gave up after 7 attempts"), e.getMessage());
    }

    @Test
    void jitterShortensBackoffToNoLessThanHalf() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(500));
        server.enqueue(new MockResponse().setResponseCode(500));
        server.enqueue(json(200, "{}"));

        time.client(FakeTime.settings(3), 0.0).execute(HostRequest.get(url("/user")));

        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), time.sleeps());
    }

    @Test
    void backoffNeverExceedsMaxRetryWait() throws Exception {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(502));
        }
        server.enqueue(json(200, "{}"));
        HttpSettings settings = new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5),
                ProxySettings.jvmDefault(), "t", 4,
                Duration.ofMillis(1500));

        time.client(settings, 1.0).execute(HostRequest.get(url("/user")));

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofMillis(1500)), time.sleeps());
    }

    @Test
    void deleteIsRetriedOnServerError() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(504));
        server.enqueue(new MockResponse().setResponseCode(204));

        HostResponse response = time.client(2).execute(HostRequest.delete(url("/installation/token")));

        assertEquals(204, response.status());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void postIsNotRetriedOnServerErrorBecauseItMayHaveTakenEffect() {
        server.enqueue(new MockResponse().setResponseCode(502));
        server.enqueue(json(201, "{}"));

        HostResponse response = assertDoesNotThrowHostApi(() -> time.client(3)
                .execute(HostRequest.post(url("/app/installations/42/access_tokens"), "{}")));

        assertEquals(502, response.status());
        assertEquals(1, server.getRequestCount());
        assertEquals(List.of(), time.sleeps());
        HostApiException e = assertThrows(HostApiException.class, response::requireSuccess);
        assertEquals(Failure.SERVER_ERROR, e.failure());
    }

    @Test
    void notImplementedIsNotRetried() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(501));

        HostResponse response = time.client(3).execute(HostRequest.get(url("/user")));

        assertEquals(501, response.status());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void clientErrorsAreReturnedNotRetried() throws Exception {
        server.enqueue(json(404, "{\"message\":\"Not Found\"}"));

        HostResponse response = time.client(3).execute(HostRequest.get(url("/repos/octo/missing")));

        assertEquals(404, response.status());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void gitHubSecondaryRateLimitWaitsTheRetryAfterSeconds() throws Exception {
        // GitHub's secondary limit: 403, retry-after, and a message; x-ratelimit-remaining is not exhausted.
        server.enqueue(json(403, "{\"message\":\"You have exceeded a secondary rate limit and have been temporarily"
                + " blocked from content creation. Please retry your request again later.\","
                + "\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}")
                .setHeader("retry-after", "60")
                .setHeader("x-ratelimit-limit", "5000")
                .setHeader("x-ratelimit-remaining", "4987")
                .setHeader("x-ratelimit-reset", Long.toString(epochSecondsFromNow(1800)))
                .setHeader("x-ratelimit-resource", "core"));
        server.enqueue(json(201, "{\"id\":1}"));

        // POST too: the host refused before processing, so retrying cannot duplicate the effect
        HostResponse response = time.client(3).execute(
                HostRequest.post(url("/repos/octo/hello/issues/1/comments"), "{\"body\":\"hi\"}"));

        assertEquals(201, response.status());
        assertEquals(2, server.getRequestCount());
        assertEquals(List.of(Duration.ofSeconds(60)), time.sleeps());
    }

    @Test
    void gitHubSecondaryRateLimitWithoutRetryAfterWaitsAMinute() throws Exception {
        server.enqueue(json(403, "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes"
                + " before you try again.\",\"documentation_url\":\"https://docs.github.com/rest\"}")
                .setHeader("x-ratelimit-remaining", "4000"));
        server.enqueue(json(200, "{}"));

        time.client(2).execute(HostRequest.get(url("/search/code?q=x")));

        assertEquals(List.of(Duration.ofMinutes(1)), time.sleeps());
    }

    // The next three follow GitHub's docs, "Rate limits for the REST API" > "Exceeding the rate limit": a secondary
    // limit answers "403 or 429"; honour retry-after; else, with budget left, "wait for at least one minute".

    @Test
    void gitHubSecondaryRateLimitAs429WaitsTheRetryAfterSeconds() throws Exception {
        server.enqueue(json(429, "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes"
                + " before you try again. If you reach out to GitHub Support for help, please include the request ID"
                + " 0401:2D9F:1A2B3C:4D5E6F:67890ABC.\",\"documentation_url\":\"https://docs.github.com/free-pro-team@latest"
                + "/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits\",\"status\":\"429\"}")
                .setHeader("retry-after", "30")
                .setHeader("x-ratelimit-remaining", "4990")
                .setHeader("X-GitHub-Request-Id", "0401:2D9F:1A2B3C:4D5E6F:67890ABC"));
        server.enqueue(json(200, "{}"));

        HostResponse response = time.client(2).execute(HostRequest.get(url("/search/code?q=x")));

        assertEquals(200, response.status());
        assertEquals(List.of(Duration.ofSeconds(30)), time.sleeps());
    }

    @Test
    void gitHubSecondaryRateLimitAs429WithoutRetryAfterWaitsAMinute() throws Exception {
        server.enqueue(json(429, "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes"
                + " before you try again.\",\"documentation_url\":"
                + "\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}")
                .setHeader("x-ratelimit-remaining", "4200"));
        server.enqueue(json(200, "{}"));

        time.client(2).execute(HostRequest.get(url("/repos/octo/hello/pulls")));

        assertEquals(List.of(Duration.ofMinutes(1)), time.sleeps());
    }

    @Test
    void olderGitHubEnterpriseAbuseDetectionIsASecondaryRateLimit() throws Exception {
        // the wording of GitHub Enterprise Server releases before "secondary rate limit"
        server.enqueue(json(403, "{\"message\":\"You have triggered an abuse detection mechanism. Please wait a few"
                + " minutes before you try again.\",\"documentation_url\":"
                + "\"https://docs.github.com/enterprise/3.0/v3/#abuse-rate-limits\"}"));

        HostApiException e = assertThrows(HostApiException.class,
                () -> time.client(1).execute(HostRequest.get(url("/api/v3/repos/octo/hello/issues"))));

        assertEquals(Failure.RATE_LIMITED, e.failure(), e.getMessage());
        assertEquals(time.instant().plus(Duration.ofMinutes(1)), e.retryAt().orElseThrow());
    }

    @Test
    void gitHubPrimaryRateLimitWaitsUntilTheReset() throws Exception {
        server.enqueue(json(403, "{\"message\":\"API rate limit exceeded for installation ID 42.\","
                + "\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}")
                .setHeader("x-ratelimit-limit", "5000")
                .setHeader("x-ratelimit-remaining", "0")
                .setHeader("x-ratelimit-used", "5000")
                .setHeader("x-ratelimit-reset", Long.toString(epochSecondsFromNow(30)))
                .setHeader("x-ratelimit-resource", "core"));
        server.enqueue(json(200, "{}"));

        HostResponse response = time.client(2).execute(HostRequest.get(url("/repos/octo/hello")));

        assertEquals(200, response.status());
        assertEquals(List.of(Duration.ofSeconds(30)), time.sleeps());
    }

    @Test
    void rateLimitResetBeyondMaxRetryWaitStopsAtOnceWithRateLimited() {
        Instant reset = Instant.ofEpochSecond(epochSecondsFromNow(3600));
        server.enqueue(json(429, "{\"message\":\"API rate limit exceeded for user ID 1.\"}")
                .setHeader("x-ratelimit-limit", "60")
                .setHeader("x-ratelimit-remaining", "0")
                .setHeader("x-ratelimit-reset", Long.toString(reset.getEpochSecond()))
                .setHeader("x-ratelimit-resource", "core"));

        HostApiException e = assertThrows(HostApiException.class, () -> time.client(4)
                .execute(HostRequest.get(url("/user")).describedAs("checking who the token belongs to")));

        assertEquals(Failure.RATE_LIMITED, e.failure());
        assertEquals(429, e.status());
        assertEquals(reset, e.retryAt().orElseThrow());
        assertTrue(e.getMessage().startsWith("Checking who the token belongs to failed: rate limited until "
                + reset), e.getMessage());
        assertTrue(e.getMessage().contains("rate limit \"core\""), e.getMessage());
        assertTrue(e.getMessage().contains("not waiting that long (waits are limited to 60 s)"), e.getMessage());
        assertEquals(1, server.getRequestCount());
        assertEquals(List.of(), time.sleeps());
    }

    @Test
    void gitLabTooManyRequestsHonoursRetryAfter() throws Exception {
        // GitLab sends RateLimit-* (reset in epoch seconds) and Retry-After with its 429 "Retry later"
        server.enqueue(new MockResponse().setResponseCode(429)
                .setHeader("Content-Type", "text/plain")
                .setHeader("Retry-After", "5")
                .setHeader("RateLimit-Limit", "600")
                .setHeader("RateLimit-Observed", "601")
                .setHeader("RateLimit-Remaining", "0")
                .setHeader("RateLimit-Reset", Long.toString(epochSecondsFromNow(5)))
                .setHeader("RateLimit-ResetTime", "Mon, 02 Mar 2026 10:00:05 GMT")
                .setBody("Retry later\n"));
        server.enqueue(json(200, "{\"id\":1}"));

        HostResponse response = time.client(3).execute(HostRequest.get(url("/api/v4/user")));

        assertEquals(200, response.status());
        assertEquals(List.of(Duration.ofSeconds(5)), time.sleeps());
    }

    @Test
    void retryAfterAsHttpDateIsHonoured() throws Exception {
        String in10Seconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                time.instant().plusSeconds(10).atOffset(ZoneOffset.UTC));
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", in10Seconds));
        server.enqueue(json(200, "{}"));

        time.client(2).execute(HostRequest.get(url("/user")));

        assertEquals(List.of(Duration.ofSeconds(10)), time.sleeps());
    }

    @Test
    void tooManyRequestsWithoutHintsGivesUpAfterTheAttemptsWithRateLimited() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(429));
        }

        HostApiException e = assertThrows(HostApiException.class,
                () -> time.client(3).execute(HostRequest.get(url("/2.0/repositories/ws/repo"))));

        assertEquals(Failure.RATE_LIMITED, e.failure());
        assertTrue(e.getMessage().contains("rate limited; try again later"), e.getMessage());
        assertTrue(e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
        assertEquals(3, server.getRequestCount());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), time.sleeps());
    }

    @Test
    void singleAttemptSettingNeverRetries() {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "1"));

        HostApiException e = assertThrows(HostApiException.class,
                () -> time.client(1).execute(HostRequest.get(url("/user"))));

        assertEquals(Failure.RATE_LIMITED, e.failure());
        assertEquals(FakeTime.START.plusSeconds(1), e.retryAt().orElseThrow());
        assertEquals(1, server.getRequestCount());
        assertEquals(List.of(), time.sleeps());
    }

    @Test
    void noWaitReachesPastTheDeadline() {
        server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "30"));
        server.enqueue(json(200, "{}"));
        Instant deadline = time.instant().plusSeconds(10);

        HostApiException e = assertThrows(HostApiException.class,
                () -> time.client(3).execute(HostRequest.get(url("/user")).deadline(deadline)));

        assertEquals(Failure.SERVER_ERROR, e.failure());
        assertEquals(FakeTime.START.plusSeconds(30), e.retryAt().orElseThrow());
        assertTrue(e.getMessage().contains("the host suggests after " + FakeTime.START.plusSeconds(30)),
                e.getMessage());
        assertTrue(e.getMessage().contains("deadline"), e.getMessage());
        assertEquals(1, server.getRequestCount());
        assertEquals(List.of(), time.sleeps());
    }

    @Test
    void backoffStopsBeforeTheDeadline() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse().setResponseCode(502));
        }
        Instant deadline = time.instant().plusMillis(2500);

        HostApiException e = assertThrows(HostApiException.class,
                () -> time.client(4).execute(HostRequest.get(url("/user")).deadline(deadline)));

        assertEquals(Failure.SERVER_ERROR, e.failure());
        // waits of 1 s then 2 s would end 3 s in, past the 2.5 s deadline: only the first happens
        assertEquals(List.of(Duration.ofSeconds(1)), time.sleeps());
        assertEquals(2, server.getRequestCount());
        assertTrue(!time.instant().isAfter(deadline));
    }

    @Test
    void rateLimitUntilAfterTheDeadlineIsReportedAsRateLimited() {
        server.enqueue(json(403, "{\"message\":\"API rate limit exceeded\"}")
                .setHeader("x-ratelimit-remaining", "0")
                .setHeader("x-ratelimit-reset", Long.toString(epochSecondsFromNow(45))));
        Instant deadline = time.instant().plusSeconds(20);

        HostApiException e = assertThrows(HostApiException.class,
                () -> time.client(3).execute(HostRequest.get(url("/user")).deadline(deadline)));

        assertEquals(Failure.RATE_LIMITED, e.failure());
        assertTrue(e.getMessage().contains("rate limited until " + FakeTime.START.plusSeconds(45)), e.getMessage());
        assertEquals(List.of(), time.sleeps());
    }

    @Test
    void passedDeadlineSendsNothing() {
        HostApiException e = assertThrows(HostApiException.class, () -> time.client(3)
                .execute(HostRequest.get(url("/user")).deadline(time.instant().minusSeconds(1))));

        assertEquals(Failure.TIMEOUT, e.failure());
        assertEquals(0, e.status());
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void aPostWhoseConnectionDropsAfterSendingIsNotSentAgain() throws HostApiException {
        // OkHttp repeats a request that failed on a reused connection unless its body is one-shot; a POST may
        // have taken effect (a GitLab rotation sent twice with the old token revokes the new one)
        HostHttpClient client = time.client(1);
        server.enqueue(json(200, "{}"));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(json(200, "{}"));
        client.execute(HostRequest.get(url("/user"))); // pools the connection the POST then reuses

        assertThrows(HostApiException.class, () -> client.execute(HostRequest.post(url("/rotate"), "{}")));

        assertEquals(2, server.getRequestCount(), "the GET and one POST");
    }

    @Test
    void deadlineCutsOffASlowAnswer() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        HostHttpClient client = new HostHttpClient(FakeTime.settings(1), Clock.systemUTC(), d -> {
            throw new AssertionError("no retry expected");
        }, () -> 1.0);
        Instant deadline = Instant.now().plusMillis(300);

        HostApiException e = assertTimeoutPreemptively(Duration.ofSeconds(4), () -> assertThrows(
                HostApiException.class, () -> client.execute(HostRequest.get(url("/user")).deadline(deadline))));

        assertEquals(Failure.TIMEOUT, e.failure());
        assertTrue(e.getMessage().contains("deadline"), e.getMessage());
    }

    @Test
    void noResponseWithinTheReadTimeoutIsTimeout() {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
        HttpSettings settings = new HttpSettings(Duration.ofSeconds(2), Duration.ofMillis(200),
                ProxySettings.jvmDefault(), "t", 1,
                Duration.ofSeconds(1));

        HostApiException e = assertThrows(HostApiException.class,
                () -> time.client(settings, 1.0).execute(HostRequest.get(url("/user"))));

        assertEquals(Failure.TIMEOUT, e.failure());
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("no answer from " + server.getHostName()), e.getMessage());
    }

    @Test
    void closedPortIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        HostApiException e = assertThrows(HostApiException.class,
                () -> time.client(3).execute(HostRequest.get("http://127.0.0.1:" + closedPort + "/api/v3/user")));

        assertEquals(Failure.UNREACHABLE, e.failure());
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("cannot reach 127.0.0.1"), e.getMessage());
        assertTrue(e.getMessage().contains("check the server URL and the controller's network/proxy"),
                e.getMessage());
        assertEquals(List.of(), time.sleeps());
    }

    @Test
    void unknownHostIsUnreachable() {
        HostApiException e = assertThrows(HostApiException.class,
                () -> time.client(1).execute(HostRequest.get("https://git.example.invalid/api/v4/user")));

        assertEquals(Failure.UNREACHABLE, e.failure());
        assertTrue(e.getMessage().contains("cannot reach git.example.invalid"), e.getMessage());
    }

    @Test
    void untrustedCertificateSaysToCheckTheTrustStore() throws Exception {
        server.useHttps(SelfSignedTls.serverSocketFactory(), false);
        server.enqueue(json(200, "{}"));

        HostApiException e = assertThrows(HostApiException.class,
                () -> time.client(1).execute(HostRequest.get(url("/api/v3/user"))));

        assertEquals(Failure.UNREACHABLE, e.failure());
        assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
        assertTrue(e.getMessage().contains("is the certificate trusted by the Jenkins JVM?"), e.getMessage());
    }

    @Test
    void redirectWithinTheOriginKeepsTheToken() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(301).setHeader("Location", "/repositories/1296269"));
        server.enqueue(json(200, "{\"id\":1296269}"));

        HostResponse response = time.client(1).execute(HostRequest.get(url("/repos/octo/old-name"))
                .auth(HostAuthentication.privateToken(SecretText.of("glpat-redirect-same-origin"))));

        assertEquals(200, response.status());
        takeRequest();
        assertEquals("glpat-redirect-same-origin", takeRequest().getHeader("PRIVATE-TOKEN"));
    }

    @Test
    void redirectToAnotherOriginDropsEveryKindOfAuthHeader() throws Exception {
        try (MockWebServer elsewhere = new MockWebServer()) {
            elsewhere.start();
            for (HostAuthentication auth : List.of(
                    HostAuthentication.privateToken(SecretText.of("glpat-must-not-travel")),
                    HostAuthentication.bearer(SecretText.of("ghp_must_not_travel_either")))) {
                server.enqueue(new MockResponse().setResponseCode(302)
                        .setHeader("Location", elsewhere.url("/landing").toString()));
                elsewhere.enqueue(json(200, "{}"));

                time.client(1).execute(HostRequest.get(url("/api/v4/user")).auth(auth));

                assertEquals(auth.headerValue().reveal(), takeRequest().getHeader(auth.headerName()));
                RecordedRequest landed = elsewhere.takeRequest(5, TimeUnit.SECONDS);
                assertNull(landed.getHeader(auth.headerName()), "auth header followed the redirect");
            }
        }
    }

    @Test
    void interruptedWaitStopsWithTimeoutAndKeepsTheInterrupt() {
        server.enqueue(new MockResponse().setResponseCode(503));
        HostHttpClient client = new HostHttpClient(FakeTime.settings(3), time, d -> {
            throw new InterruptedException("test");
        }, () -> 1.0);

        try {
            HostApiException e = assertThrows(HostApiException.class,
                    () -> client.execute(HostRequest.get(url("/user"))));
            assertEquals(Failure.TIMEOUT, e.failure());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    private static HostResponse assertDoesNotThrowHostApi(HostCall call) {
        try {
            return call.run();
        } catch (HostApiException e) {
            throw new AssertionError("expected an answer, got " + e.failure() + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface HostCall {
        HostResponse run() throws HostApiException;
    }
}
