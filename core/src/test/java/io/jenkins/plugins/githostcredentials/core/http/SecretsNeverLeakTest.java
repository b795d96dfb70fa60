package io.jenkins.plugins.githostcredentials.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.host.HostAuthentication;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a call can fail, with every auth header style, and a host that echoes the credential back: the token,
 * the header value and the query string never reach an exception's message, toString or stack trace.
 */
class SecretsNeverLeakTest {

    private static final String TOKEN = "ghp_LEAKCANARY0123456789abcdefLEAKCANARY";
    private static final String QUERY_SECRET = "querycanary0123456789";

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

    /** One way to fail: prepares the server, runs the request, returns the failure. */
    @FunctionalInterface
    private interface Scenario {
        HostApiException fail(SecretsNeverLeakTest test, HostRequest request) throws Exception;
    }

    static Stream<Arguments> failures() {
        List<Arguments> all = new ArrayList<>();
        for (String auth : List.of("bearer", "privateToken", "basic")) {
            all.add(Arguments.of(auth, Failure.UNAUTHORIZED, (Scenario) (t, r) -> t.answerThenRequire(r,
                    echo(401, "Bad credentials for token " + TOKEN))));
            all.add(Arguments.of(auth, Failure.FORBIDDEN, (Scenario) (t, r) -> t.answerThenRequire(r,
                    echo(403, "Token " + TOKEN + " may not do this")
                            .setHeader("X-Accepted-GitHub-Permissions", "contents=read"))));
            all.add(Arguments.of(auth, Failure.RATE_LIMITED, (Scenario) (t, r) -> t.executeFails(r,
                    echo(403, "API rate limit exceeded for " + TOKEN)
                            .setHeader("x-ratelimit-remaining", "0")
                            .setHeader("x-ratelimit-reset", Long.toString(FakeTime.START.getEpochSecond() + 7200)))));
            all.add(Arguments.of(auth, Failure.NOT_FOUND, (Scenario) (t, r) -> t.answerThenRequire(r,
                    echo(404, "Not Found: " + TOKEN))));
            all.add(Arguments.of(auth, Failure.UNPROCESSABLE, (Scenario) (t, r) -> t.answerThenRequire(r,
                    echo(422, "Header " + t.headerValueOf(r) + " rejected"))));
            all.add(Arguments.of(auth, Failure.CLIENT_ERROR, (Scenario) (t, r) -> t.answerThenRequire(r,
                    echo(400, "Basic pair " + decodedBasicPair(t.headerValueOf(r)) + " is malformed"))));
            all.add(Arguments.of(auth, Failure.CLIENT_ERROR, (Scenario) (t, r) -> t.answerThenRequire(r,
                    new MockResponse().setResponseCode(302).setHeader("Location", "ftp://elsewhere/?t=" + TOKEN))));
            all.add(Arguments.of(auth, Failure.SERVER_ERROR, (Scenario) (t, r) -> t.executeFails(r,
                    echo(502, "upstream rejected " + TOKEN), echo(503, "still down " + TOKEN))));
            all.add(Arguments.of(auth, Failure.BAD_RESPONSE, (Scenario) (t, r) -> {
                t.server.enqueue(new MockResponse().setHeader("Content-Type", "text/html")
                        .setBody("<html>Signed in with " + TOKEN + "</html>"));
                return assertThrows(HostApiException.class, () -> t.client().execute(r).json());
            }));
            all.add(Arguments.of(auth, Failure.TIMEOUT, (Scenario) (t, r) -> {
                t.server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
                HttpSettings quick = new HttpSettings(Duration.ofSeconds(2), Duration.ofMillis(150),
                        ProxySettings.jvmDefault(), "t", 1,
                        Duration.ofSeconds(1));
                return assertThrows(HostApiException.class, () -> t.time.client(quick, 1.0).execute(r));
            }));
            all.add(Arguments.of(auth, Failure.TIMEOUT, (Scenario) (t, r) -> assertThrows(HostApiException.class,
                    () -> t.client().execute(r.deadline(FakeTime.START.minusSeconds(1))))));
            all.add(Arguments.of(auth, Failure.UNREACHABLE, (Scenario) (t, r) -> {
                int closedPort;
                try (ServerSocket socket = new ServerSocket(0)) {
                    closedPort = socket.getLocalPort();
                }
                HostRequest toClosedPort = HostRequest.get("http://127.0.0.1:" + closedPort + "/user?access_token="
                        + QUERY_SECRET).auth(r.authentication());
                return assertThrows(HostApiException.class, () -> t.client().execute(toClosedPort));
            }));
            all.add(Arguments.of(auth, Failure.UNREACHABLE, (Scenario) (t, r) -> {
                t.server.useHttps(SelfSignedTls.serverSocketFactory(), false);
                HostRequest overTls = HostRequest.get(t.server.url("/user?access_token=" + QUERY_SECRET).toString())
                        .auth(r.authentication());
                return assertThrows(HostApiException.class, () -> t.client().execute(overTls));
            }));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} auth, {1} #{index}")
    @MethodSource("failures")
    void noFailureRevealsTheCredential(String authStyle, Failure expected, Scenario scenario) throws Exception {
        HostAuthentication auth = switch (authStyle) {
            case "bearer" -> HostAuthentication.bearer(SecretText.of(TOKEN));
            case "privateToken" -> HostAuthentication.privateToken(SecretText.of(TOKEN));
            default -> HostAuthentication.basic("jenkins-bot", SecretText.of(TOKEN));
        };
        HostRequest request = HostRequest.get(server.url("/user?access_token=" + QUERY_SECRET).toString())
                .auth(auth)
                .describedAs("checking the token");

        HostApiException failure = scenario.fail(this, request);

        assertEquals(expected, failure.failure(), failure.getMessage());
        StringWriter stackTrace = new StringWriter();
        failure.printStackTrace(new PrintWriter(stackTrace));
        for (String text : List.of(failure.getMessage(), failure.toString(), stackTrace.toString(),
                request.toString())) {
            for (String secret : List.of(TOKEN, auth.headerValue().reveal(), QUERY_SECRET)) {
                assertFalse(text.contains(secret), "secret found in: " + text);
            }
        }
    }

    private HostHttpClient client() {
        return time.client(2);
    }

    /** A host that echoes what it was sent in its error message, GitHub style. */
    private static MockResponse echo(int status, String message) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json")
                .setBody("{\"message\":\"" + message + "\",\"documentation_url\":\"https://docs.github.com/rest\"}");
    }

    private HostApiException answerThenRequire(HostRequest request, MockResponse answer) throws Exception {
        server.enqueue(answer);
        HostResponse response = client().execute(request);
        assertFalse(response.toString().contains(TOKEN), response.toString());
        RecordedRequest sent = server.takeRequest();
        // the credential really was sent: the assertions above could catch a leak
        assertEquals(request.authentication().headerValue().reveal(),
                sent.getHeader(request.authentication().headerName()));
        return assertThrows(HostApiException.class, response::requireSuccess);
    }

    private HostApiException executeFails(HostRequest request, MockResponse... answers) {
        for (MockResponse answer : answers) {
            server.enqueue(answer);
        }
        return assertThrows(HostApiException.class, () -> client().execute(request));
    }

    private String headerValueOf(HostRequest request) {
        return request.authentication().headerValue().reveal();
    }

    /** "user:token" for Basic, the header value otherwise: what a host might echo after decoding. */
    private static String decodedBasicPair(String headerValue) {
        if (!headerValue.startsWith("Basic ")) {
            return headerValue;
        }
        return new String(java.util.Base64.getDecoder().decode(headerValue.substring(6)),
                java.nio.charset.StandardCharsets.UTF_8);
    }
}
