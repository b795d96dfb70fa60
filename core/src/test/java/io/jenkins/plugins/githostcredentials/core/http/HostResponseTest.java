package io.jenkins.plugins.githostcredentials.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Answers in the hosts' real wire formats, and what {@link HostResponse} makes of them. */
class HostResponseTest {

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

    /** One attempt, so every status comes back as it was sent. */
    private HostResponse answer(MockResponse response, String path, String describedAs) throws HostApiException {
        server.enqueue(response);
        return time.client(1).execute(HostRequest.get(server.url(path).toString()).describedAs(describedAs));
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json; charset=utf-8")
                .setBody(body);
    }

    private HostApiException failureOf(MockResponse response, String path, String describedAs) throws Exception {
        HostResponse answered = answer(response, path, describedAs);
        assertFalse(answered.isSuccessful());
        return assertThrows(HostApiException.class, answered::requireSuccess);
    }

    private String safeUrl(String path) {
        return server.url(path).newBuilder().query(null).build().toString();
    }

    @Test
    void successfulAnswerPassesRequireSuccess() throws Exception {
        HostResponse response = answer(json(200, "{\"login\":\"octocat\",\"id\":1}"), "/user", "reading the user");

        assertTrue(response.isSuccessful());
        assertSame(response, response.requireSuccess());
        assertEquals(1, response.json().path("id").asInt());
    }

    @Test
    void gitHubBadCredentialsIsUnauthorized() throws Exception {
        HostApiException e = failureOf(json(401,
                "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\","
                        + "\"status\":\"401\"}"),
                "/user?per_page=1", "checking who the token belongs to");

        assertEquals(Failure.UNAUTHORIZED, e.failure());
        assertEquals(401, e.status());
        assertEquals("Checking who the token belongs to failed: the token is invalid, expired or revoked: create a"
                + " new token and update the credential; the host said: \"Bad credentials\" (GET " + safeUrl("/user")
                + ", HTTP 401)", e.getMessage());
    }

    @Test
    void fineGrainedTokenMissingPermissionNamesWhatToGrant() throws Exception {
        HostApiException e = failureOf(json(403,
                "{\"message\":\"Resource not accessible by personal access token\","
                        + "\"documentation_url\":\"https://docs.github.com/rest/pulls/pulls#list-pull-requests\","
                        + "\"status\":\"403\"}")
                        .setHeader("X-Accepted-GitHub-Permissions", "pull_requests=read")
                        .setHeader("x-ratelimit-limit", "5000")
                        .setHeader("x-ratelimit-remaining", "4999")
                        .setHeader("x-ratelimit-reset", "1772449200"),
                "/repos/octo/hello/pulls", "listing pull requests of octo/hello");

        assertEquals(Failure.FORBIDDEN, e.failure());
        assertTrue(e.getMessage().startsWith("The token lacks permission for listing pull requests of octo/hello;"
                + " the endpoint needs GitHub permissions pull_requests=read"), e.getMessage());
        assertTrue(e.getMessage().contains("Resource not accessible by personal access token"), e.getMessage());
    }

    @Test
    void classicTokenMissingScopeNamesTheAcceptedScopes() throws Exception {
        HostApiException e = failureOf(json(403, "{\"message\":\"Must have admin rights to Repository.\"}")
                        .setHeader("X-OAuth-Scopes", "read:org")
                        .setHeader("X-Accepted-OAuth-Scopes", "repo"),
                "/repos/octo/hello/hooks", "listing webhooks of octo/hello");

        assertEquals(Failure.FORBIDDEN, e.failure());
        assertTrue(e.getMessage().contains("the endpoint accepts token scopes: repo"), e.getMessage());
    }

    @Test
    void gitLabInsufficientScopeNamesTheScope() throws Exception {
        HostApiException e = failureOf(json(403, "{\"error\":\"insufficient_scope\",\"error_description\":\"The"
                        + " request requires higher privileges than provided by the access token.\",\"scope\":\"api\"}"),
                "/api/v4/projects/7/hooks", "listing project webhooks");

        assertEquals(Failure.FORBIDDEN, e.failure());
        assertTrue(e.getMessage().contains("the endpoint accepts token scopes: api"), e.getMessage());
        assertTrue(e.getMessage().contains("requires higher privileges"), e.getMessage());
    }

    @Test
    void notFoundExplainsPrivateResources() throws Exception {
        HostApiException e = failureOf(json(404, "{\"message\":\"Not Found\",\"documentation_url\":"
                        + "\"https://docs.github.com/rest/repos/repos#get-a-repository\",\"status\":\"404\"}"),
                "/repos/octo/secret", "reading repository octo/secret");

        assertEquals(Failure.NOT_FOUND, e.failure());
        assertTrue(e.getMessage().startsWith("Reading repository octo/secret failed: not found, or the token cannot"
                + " see it (private resources answer 404 to tokens without access)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(GET " + safeUrl("/repos/octo/secret") + ", HTTP 404)"), e.getMessage());
    }

    @Test
    void unprocessableQuotesTheHostsMessage() throws Exception {
        HostApiException e = failureOf(json(422, "{\"message\":\"The permissions requested are not granted to this"
                        + " installation.\",\"documentation_url\":\"https://docs.github.com/rest/apps/apps"
                        + "#create-an-installation-access-token-for-an-app\",\"status\":\"422\"}"),
                "/app/installations/42/access_tokens", "minting an installation token");

        assertEquals(Failure.UNPROCESSABLE, e.failure());
        assertTrue(e.getMessage().contains(
                "\"The permissions requested are not granted to this installation.\""), e.getMessage());
    }

    @Test
    void validationFailedWithErrorListQuotesOnlyTheMessage() throws Exception {
        HostApiException e = failureOf(json(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":"
                        + "\"Issue\",\"field\":\"title\",\"code\":\"missing_field\"}],"
                        + "\"documentation_url\":\"https://docs.github.com/rest\"}"),
                "/repos/octo/hello/issues", "opening an issue");

        assertEquals(Failure.UNPROCESSABLE, e.failure());
        assertTrue(e.getMessage().contains("the host said: \"Validation Failed\""), e.getMessage());
        assertFalse(e.getMessage().contains("missing_field"), e.getMessage());
    }

    @Test
    void otherClientErrorsQuoteBitbucketAndBitbucketDataCenterShapes() throws Exception {
        HostApiException cloud = failureOf(json(400, "{\"type\":\"error\",\"error\":{\"message\":\"Access token"
                        + " expired. Use your refresh token to obtain a new access token.\"}}"),
                "/2.0/user", "reading the Bitbucket user");
        HostApiException dataCenter = failureOf(json(409, "{\"errors\":[{\"context\":null,\"message\":\"The"
                        + " branch already exists.\",\"exceptionName\":\"com.atlassian.bitbucket.DuplicateRefException\"}]}"),
                "/rest/api/latest/projects/P/repos/r/branches", "creating a branch");

        assertEquals(Failure.CLIENT_ERROR, cloud.failure());
        assertTrue(cloud.getMessage().contains("the host refused the request (HTTP 400)"), cloud.getMessage());
        assertTrue(cloud.getMessage().contains("Access token expired."), cloud.getMessage());
        assertEquals(Failure.CLIENT_ERROR, dataCenter.failure());
        assertTrue(dataCenter.getMessage().contains("\"The branch already exists.\""), dataCenter.getMessage());
    }

    @Test
    void serverErrorSaysTryAgainLater() throws Exception {
        // a POST is not retried, so its 5xx comes back as an answer (a GET's would be retried, then thrown)
        server.enqueue(new MockResponse().setResponseCode(502)
                .setHeader("Content-Type", "text/html").setBody("<html><body>Bad Gateway</body></html>"));
        HostResponse response = time.client(3).execute(
                HostRequest.post(server.url("/app/installations/1/access_tokens").toString(), "{}")
                        .describedAs("minting an installation token"));

        HostApiException e = assertThrows(HostApiException.class, response::requireSuccess);
        assertEquals(Failure.SERVER_ERROR, e.failure());
        assertEquals("Minting an installation token failed: the host failed (HTTP 502); try again later (POST "
                + safeUrl("/app/installations/1/access_tokens") + ", HTTP 502)", e.getMessage());
    }

    @Test
    void longHostMessagesAreShortenedToOneLine() throws Exception {
        String longMessage = "line one\nline two " + "x".repeat(1000);
        HostApiException e = failureOf(json(400, "{\"message\":\"" + longMessage.replace("\n", "\\n") + "\"}"),
                "/user", "reading the user");

        assertTrue(e.getMessage().contains("line one line two xxx"), e.getMessage());
        assertTrue(e.getMessage().length() < 600, e.getMessage());
    }

    @Test
    void azureDevOpsSignInPageIsNotJson() throws Exception {
        HostResponse response = answer(new MockResponse().setResponseCode(200)
                        .setHeader("Content-Type", "text/html; charset=utf-8")
                        .setBody("<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head>"
                                + "<body><form action=\"https://login.microsoftonline.com/\"></form></body></html>"),
                "/myorg/_apis/connectionData?api-version=7.1", "reading the Azure DevOps identity");

        HostApiException e = assertThrows(HostApiException.class, response::json);

        assertEquals(Failure.BAD_RESPONSE, e.failure());
        assertEquals("Reading the Azure DevOps identity failed: expected JSON from "
                + safeUrl("/myorg/_apis/connectionData") + ", got text/html; is the API URL right?", e.getMessage());
    }

    @Test
    void emptyOrBrokenJsonIsABadResponse() throws Exception {
        HostResponse empty = answer(new MockResponse().setResponseCode(204), "/installation/token", "revoking");
        HostResponse broken = answer(json(200, "{\"login\": "), "/user", "reading the user");

        assertEquals(Failure.BAD_RESPONSE, assertThrows(HostApiException.class, empty::json).failure());
        HostApiException e = assertThrows(HostApiException.class, broken::json);
        assertEquals(Failure.BAD_RESPONSE, e.failure());
        assertTrue(e.getMessage().contains("does not parse as JSON"), e.getMessage());
    }

    @Test
    void jsonWithoutContentTypeIsAccepted() throws Exception {
        HostResponse response = answer(new MockResponse().setBody("[{\"id\":1}]"), "/user/repos", "listing");

        assertEquals(1, response.json().path(0).path("id").asInt());
    }

    @Test
    void oversizedBodyIsCutAndRefusedAsJson() throws Exception {
        String huge = "[" + "1,".repeat(HostResponse.MAX_BODY_BYTES) + "1]";
        HostResponse response = answer(json(200, huge), "/user/repos", "listing repositories");

        assertEquals(HostResponse.MAX_BODY_BYTES, response.body().length());
        HostApiException e = assertThrows(HostApiException.class, response::json);
        assertEquals(Failure.BAD_RESPONSE, e.failure());
        assertTrue(e.getMessage().contains("larger than 1024 KiB"), e.getMessage());
    }

    @Test
    void headersAreCaseInsensitiveAndRepeatable() throws Exception {
        HostResponse response = answer(json(200, "{}")
                .setHeader("X-OAuth-Scopes", "repo, read:org")
                .addHeader("Link", "<https://api.github.com/user/repos?page=2>; rel=\"next\"")
                .addHeader("Link", "<https://api.github.com/user/repos?page=5>; rel=\"last\""),
                "/user/repos", "listing repositories");

        assertEquals(Optional.of("repo, read:org"), response.header("x-oauth-scopes"));
        assertEquals(2, response.headers("link").size());
        assertEquals(List.of(), response.headers("X-Not-Sent"));
        assertEquals(Optional.empty(), response.header("X-Not-Sent"));
    }

    @Test
    void serverDateComesFromTheDateHeader() throws Exception {
        HostResponse response = answer(json(200, "{}").setHeader("Date", "Mon, 02 Mar 2026 10:04:05 GMT"), "/", "x");

        assertEquals(Optional.of(Instant.parse("2026-03-02T10:04:05Z")), response.serverDate());
    }

    @Test
    void gitHubRateLimitHeaders() throws Exception {
        HostResponse response = answer(json(200, "{}")
                .setHeader("x-ratelimit-limit", "5000")
                .setHeader("x-ratelimit-remaining", "4987")
                .setHeader("x-ratelimit-used", "13")
                .setHeader("x-ratelimit-reset", "1772449200")
                .setHeader("x-ratelimit-resource", "core"), "/user", "x");

        assertEquals(new RateLimit(OptionalInt.of(5000), OptionalInt.of(4987),
                Optional.of(Instant.ofEpochSecond(1772449200)), Optional.of("core")), response.rateLimit());
        assertFalse(response.rateLimit().exhausted());
    }

    @Test
    void gitLabRateLimitHeaders() throws Exception {
        HostResponse response = answer(json(200, "{}")
                .setHeader("RateLimit-Limit", "600")
                .setHeader("RateLimit-Observed", "600")
                .setHeader("RateLimit-Remaining", "0")
                .setHeader("RateLimit-Reset", "1772445660")
                .setHeader("RateLimit-ResetTime", "Mon, 02 Mar 2026 10:01:00 GMT"), "/api/v4/user", "x");

        RateLimit limit = response.rateLimit();
        assertEquals(OptionalInt.of(600), limit.limit());
        assertEquals(OptionalInt.of(0), limit.remaining());
        assertEquals(Optional.of(Instant.ofEpochSecond(1772445660)), limit.resetAt());
        assertTrue(limit.exhausted());
    }

    @Test
    void noRateLimitHeadersIsUnknown() throws Exception {
        assertEquals(RateLimit.UNKNOWN, answer(json(200, "{}"), "/", "x").rateLimit());
    }

    @Test
    void toStringShowsNeitherBodyNorQuery() throws Exception {
        HostResponse response = answer(json(200, "{\"token\":\"ghs_body_value\"}"), "/x?state=open", "x");

        String text = response.toString();
        assertTrue(text.startsWith("HostResponse[HTTP 200 from GET " + safeUrl("/x")), text);
        assertFalse(text.contains("ghs_body_value"), text);
        assertFalse(text.contains("state=open"), text);
    }
}
