package io.jenkins.plugins.githostcredentials.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jenkins' proxy configuration end to end: a MockWebServer plays an HTTP proxy that demands authentication.
 * Its 407 is the wire form of RFC 7235 section 3.2 with the Basic challenge of RFC 7617 section 2, realm as Squid
 * sends it by default.
 */
class ProxySettingsTest {

    private static final String USER = "jenkins-proxy";
    private static final String PASSWORD = "Pr0xy-S3cret-value";
    private static final String EXPECTED_HEADER = "Basic "
            + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    /** A host that does not exist: only a proxy can answer for it. */
    private static final String BEHIND_PROXY = "ghes.example.invalid";

    private final MockWebServer proxy = new MockWebServer();
    private final FakeTime time = new FakeTime();

    @BeforeEach
    void start() throws Exception {
        proxy.start();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.shutdown();
    }

    private static MockResponse proxyAuthenticationRequired() {
        return new MockResponse().setResponseCode(407)
                .setHeader("Proxy-Authenticate", "Basic realm=\"Squid proxy-caching web server\"")
                .setHeader("Content-Type", "text/html;charset=utf-8")
                .setBody("<html><body>Cache Access Denied.</body></html>");
    }

    private ProxySettings jenkinsProxy(String userName, String password, String noProxyHost) {
        return ProxySettings.fromJenkins(proxy.getHostName(), proxy.getPort(), userName, password, noProxyHost);
    }

    private HostHttpClient client(ProxySettings settings) {
        return time.client(FakeTime.settings(1).withProxy(settings), 1.0);
    }

    private RecordedRequest takeRequest(MockWebServer server) throws InterruptedException {
        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        assertTrue(recorded != null, "the server received no request");
        return recorded;
    }

    @Test
    void plainHttpRequestAnswersTheProxysChallengeWithBasicCredentialsOnce() throws Exception {
        proxy.enqueue(proxyAuthenticationRequired());
        proxy.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
                .setBody("{\"login\":\"octocat\"}"));

        HostResponse response = client(jenkinsProxy(USER, PASSWORD, null))
                .execute(HostRequest.get("http://" + BEHIND_PROXY + "/api/v3/user"));

        assertEquals(200, response.status());
        RecordedRequest first = takeRequest(proxy);
        assertEquals("GET http://" + BEHIND_PROXY + "/api/v3/user HTTP/1.1", first.getRequestLine());
        assertNull(first.getHeader("Proxy-Authorization"), "credentials go only to a proxy that asks for them");
        RecordedRequest second = takeRequest(proxy);
        assertEquals(EXPECTED_HEADER, second.getHeader("Proxy-Authorization"));
        assertEquals(2, proxy.getRequestCount());
    }

    @Test
    void aSecondRefusalSaysWhereToFixTheCredentialsWithoutShowingThem() {
        proxy.enqueue(proxyAuthenticationRequired());
        proxy.enqueue(proxyAuthenticationRequired());

        HostApiException e = assertThrows(HostApiException.class, () -> client(jenkinsProxy(USER, PASSWORD, null))
                .execute(HostRequest.get("http://" + BEHIND_PROXY + "/api/v3/user")));

        assertEquals(Failure.UNREACHABLE, e.failure());
        assertTrue(e.getMessage().contains(
                "the proxy rejected the Jenkins proxy credentials; check Manage Jenkins > System > HTTP Proxy"),
                e.getMessage());
        assertTrue(e.getMessage().contains(USER), "naming the user helps find the wrong entry: " + e.getMessage());
        assertNoPassword(e);
        assertEquals(2, proxy.getRequestCount(), "no third attempt with credentials already refused");
    }

    @Test
    void aProxyThatAsksWithoutConfiguredCredentialsIsExplained() {
        proxy.enqueue(proxyAuthenticationRequired());

        HostApiException e = assertThrows(HostApiException.class, () -> client(jenkinsProxy(null, null, null))
                .execute(HostRequest.get("http://" + BEHIND_PROXY + "/api/v3/user")));

        assertTrue(e.getMessage().contains("demands authentication (HTTP 407) but Jenkins has no proxy credentials"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Manage Jenkins > System > HTTP Proxy"), e.getMessage());
    }

    @Test
    void httpsTunnelAnswersTheChallengeToConnect() throws Exception {
        // tunnelProxy=true: the server reads CONNECT requests in the clear and switches to TLS when told to
        proxy.useHttps(SelfSignedTls.serverSocketFactory(), true);
        proxy.enqueue(proxyAuthenticationRequired().setBody(""));
        proxy.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.UPGRADE_TO_SSL_AT_END).clearHeaders());

        HostApiException e = assertThrows(HostApiException.class, () -> client(jenkinsProxy(USER, PASSWORD, null))
                .execute(HostRequest.get("https://" + BEHIND_PROXY + "/api/v3/user")));

        RecordedRequest firstConnect = takeRequest(proxy);
        assertEquals("CONNECT " + BEHIND_PROXY + ":443 HTTP/1.1", firstConnect.getRequestLine());
        assertNull(firstConnect.getHeader("Proxy-Authorization"));
        RecordedRequest secondConnect = takeRequest(proxy);
        assertEquals("CONNECT " + BEHIND_PROXY + ":443 HTTP/1.1", secondConnect.getRequestLine());
        assertEquals(EXPECTED_HEADER, secondConnect.getHeader("Proxy-Authorization"));
        // the proxy opened the tunnel; what fails is the test server's untrusted certificate, behind the proxy
        assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
    }

    @Test
    void httpsTunnelRefusedTwiceIsTheSameActionableError() throws Exception {
        proxy.useHttps(SelfSignedTls.serverSocketFactory(), true);
        proxy.enqueue(proxyAuthenticationRequired().setBody(""));
        proxy.enqueue(proxyAuthenticationRequired().setBody(""));

        HostApiException e = assertThrows(HostApiException.class, () -> client(jenkinsProxy(USER, PASSWORD, null))
                .execute(HostRequest.get("https://" + BEHIND_PROXY + "/api/v3/user")));

        assertTrue(e.getMessage().contains(ProxySettings.CREDENTIALS_REJECTED), e.getMessage());
        assertNoPassword(e);
        assertEquals(2, proxy.getRequestCount());
    }

    @Test
    void noProxyHostsAreReachedDirectly() throws Exception {
        try (MockWebServer host = new MockWebServer()) {
            host.start();
            host.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("{}"));
            // as Jenkins' form stores it: one pattern a line (commas work too)
            String noProxyHost = "*.internal.example.com\n" + host.getHostName() + ", 10.0.0.*";

            HostResponse response = client(jenkinsProxy(USER, PASSWORD, noProxyHost))
                    .execute(HostRequest.get(host.url("/api/v3/meta").toString()));

            assertEquals(200, response.status());
            assertEquals("GET /api/v3/meta HTTP/1.1", takeRequest(host).getRequestLine(), "direct: no absolute URL");
            assertEquals(0, proxy.getRequestCount(), "the proxy saw nothing");
        }
    }

    @Test
    void noProxyPatternsMatchWholeHostNamesWithWildcards() {
        ProxySettings settings = jenkinsProxy(null, null, "*.internal.example.com\n\nlocalhost,127.0.0.1 | ::1");

        assertEquals(List.of("*.internal.example.com", "localhost", "127.0.0.1", "::1"), settings.noProxyHosts());
        assertTrue(settings.goesDirectTo("git.internal.example.com"));
        assertTrue(settings.goesDirectTo("GIT.Internal.Example.COM"));
        assertTrue(settings.goesDirectTo("localhost"));
        assertTrue(settings.goesDirectTo("[::1]"));
        assertFalse(settings.goesDirectTo("internal.example.com.attacker.test"));
        assertFalse(settings.goesDirectTo("api.github.com"));
        assertFalse(settings.goesDirectTo("127.0.0.10"), "a dot is a dot, not any character");
    }

    @Test
    void passwordNeverShows() {
        ProxySettings settings = jenkinsProxy(USER, PASSWORD, "localhost");

        assertFalse(settings.toString().contains(PASSWORD), settings.toString());
        assertTrue(settings.toString().contains("****"), settings.toString());
        HttpSettings http = FakeTime.settings(1).withProxy(settings);
        assertFalse(http.toString().contains(PASSWORD), http.toString());
    }

    @Test
    void incompleteJenkinsProxySettingsAreExplained() {
        IllegalArgumentException noName = assertThrows(IllegalArgumentException.class,
                () -> ProxySettings.fromJenkins(" ", 3128, null, null, null));
        assertTrue(noName.getMessage().contains("no server name"), noName.getMessage());
        IllegalArgumentException badPort = assertThrows(IllegalArgumentException.class,
                () -> ProxySettings.fromJenkins("proxy.example.com", 0, null, null, null));
        assertTrue(badPort.getMessage().contains("Manage Jenkins > System > HTTP Proxy"), badPort.getMessage());
    }

    @Test
    void directAndJvmDefaultNeedNoProxy() throws Exception {
        try (MockWebServer host = new MockWebServer()) {
            host.enqueue(new MockResponse().setBody("{}"));
            host.enqueue(new MockResponse().setBody("{}"));
            host.start();
            for (ProxySettings settings : List.of(ProxySettings.direct(), ProxySettings.jvmDefault())) {
                assertEquals(200, client(settings).execute(HostRequest.get(host.url("/").toString())).status());
            }
            assertEquals(2, host.getRequestCount());
            assertEquals(0, proxy.getRequestCount());
        }
    }

    @Test
    void aProxyOnlyTheJvmKnowsThatDemandsAuthenticationIsExplained() throws Exception {
        // jvmDefault() leaves 407s unanswered: the proxy comes from JVM settings, not from Jenkins' configuration
        ProxySelector previous = ProxySelector.getDefault();
        ProxySelector.setDefault(ProxySelector.of(new InetSocketAddress(proxy.getHostName(), proxy.getPort())));
        try {
            proxy.enqueue(proxyAuthenticationRequired());

            HostResponse answer = client(ProxySettings.jvmDefault())
                    .execute(HostRequest.get("http://" + BEHIND_PROXY + "/api/v3/user"));
            HostApiException e = assertThrows(HostApiException.class, answer::requireSuccess);

            assertEquals(407, answer.status());
            assertEquals(Failure.UNREACHABLE, e.failure());
            assertTrue(e.getMessage().contains("a proxy between Jenkins and the host demands authentication "
                    + "(HTTP 407)"), e.getMessage());
            assertTrue(e.getMessage().contains("Manage Jenkins > System > HTTP Proxy"), e.getMessage());
        } finally {
            ProxySelector.setDefault(previous);
        }
    }

    private static void assertNoPassword(Exception e) {
        String everything = e.getMessage() + " " + e.getCause();
        assertFalse(everything.contains(PASSWORD), everything);
        assertFalse(everything.contains(EXPECTED_HEADER.substring("Basic ".length())), everything);
    }
}
