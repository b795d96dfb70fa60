package io.jenkins.plugins.githostcredentials.benchmarks;

import io.jenkins.plugins.githostcredentials.core.github.GitHubApp;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppKey;
import io.jenkins.plugins.githostcredentials.core.github.InstallationTokens;
import io.jenkins.plugins.githostcredentials.core.github.RevocationJournal;
import io.jenkins.plugins.githostcredentials.core.github.TokenCacheSettings;
import io.jenkins.plugins.githostcredentials.core.github.TokenPolicy;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import io.jenkins.plugins.githostcredentials.core.http.HttpSettings;
import io.jenkins.plugins.githostcredentials.core.http.ProxySettings;
import java.io.IOException;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A minimal GitHub Enterprise Server for the benchmarks: mints installation tokens (201, GitHub's JSON shape), revokes
 * them (204) and counts both. JWTs are not verified here; the unit tests do that.
 */
public final class BenchGitHub implements AutoCloseable {

    public static final long INSTALLATION_ID = 42;

    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger mints = new AtomicInteger();
    private final AtomicInteger revocations = new AtomicInteger();
    private final AtomicLong serial = new AtomicLong();
    private final Duration mintLatency;

    /** @param mintLatency how long GitHub takes to mint (real GitHub: roughly 50-300 ms) */
    public BenchGitHub(Duration mintLatency) throws IOException {
        this.mintLatency = mintLatency;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                String path = request.getPath();
                if ("POST".equals(request.getMethod()) && path.endsWith("/access_tokens")) {
                    if (!BenchGitHub.this.mintLatency.isZero()) {
                        Thread.sleep(BenchGitHub.this.mintLatency.toMillis());
                    }
                    mints.incrementAndGet();
                    String body = "{\"token\":\"ghs_bench" + serial.incrementAndGet() + "x0123456789abcdefghijklmnopqrstuv\","
                            + "\"expires_at\":\"" + Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS) + "\","
                            + "\"permissions\":{\"contents\":\"read\",\"metadata\":\"read\"},"
                            + "\"repository_selection\":\"all\"}";
                    return new MockResponse().setResponseCode(201)
                            .setHeader("Content-Type", "application/json; charset=utf-8")
                            .setBody(body);
                }
                if ("DELETE".equals(request.getMethod()) && path.endsWith("/installation/token")) {
                    revocations.incrementAndGet();
                    return new MockResponse().setResponseCode(204);
                }
                if ("GET".equals(request.getMethod()) && path.endsWith("/installation")) {
                    return new MockResponse().setResponseCode(200)
                            .setHeader("Content-Type", "application/json; charset=utf-8")
                            .setBody("{\"id\":" + INSTALLATION_ID + ",\"account\":{\"login\":\"octo-org\",\"type\":\"Organization\"},"
                                    + "\"repository_selection\":\"all\",\"permissions\":{\"contents\":\"read\"},\"suspended_at\":null}");
                }
                return new MockResponse().setResponseCode(404).setBody("{\"message\":\"Not Found\"}");
            }
        });
        server.setServerSocketFactory(new NoDelayServerSockets());
        server.start();
    }

    public HostEndpoint endpoint() {
        String root = server.url("/").toString();
        String serverUrl = root.substring(0, root.length() - 1);
        return new HostEndpoint(HostKind.GITHUB_ENTERPRISE, serverUrl, serverUrl + "/api/v3");
    }

    public GitHubApp app(TokenPolicy policy) {
        return new GitHubApp("123456", newKey(), endpoint(), policy);
    }

    public InstallationTokens tokens(TokenCacheSettings settings) {
        HttpSettings http = new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), ProxySettings.direct(),
                "git-host-credentials-benchmarks", 1, Duration.ZERO);
        return new InstallationTokens(new HostHttpClient(http), Clock.systemUTC(), settings,
                RevocationJournal.IN_MEMORY_ONLY);
    }

    public int mints() {
        return mints.get();
    }

    public int revocations() {
        return revocations.get();
    }

    /** A fresh RSA 2048 key written as PKCS#8 PEM and read back, as an administrator would paste it. */
    public static GitHubAppKey newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
            String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                    + "\n-----END PRIVATE KEY-----\n";
            return GitHubAppKey.parse(pem);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }
}
