package io.jenkins.plugins.githostcredentials.core.github;

import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import io.jenkins.plugins.githostcredentials.core.http.HttpSettings;
import io.jenkins.plugins.githostcredentials.core.http.ProxySettings;
import io.jenkins.plugins.githostcredentials.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A GitHub Enterprise Server on a MockWebServer with three installations of one app, and a token service that talks
 * to it with a clock the test controls. The fake's own clock is the test clock plus {@link #serverAhead}.
 */
abstract class FakeGitHubTestBase {

    static final GitHubAppKey KEY = GitHubAppKey.parse(TestKeys.pkcs1(TestKeys.RSA));
    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    /** Organization octo-org: all repositories, read/write on the usual CI permissions. */
    static final long ORG_INSTALLATION = 1001;
    /** User octocat: only two selected repositories. */
    static final long USER_INSTALLATION = 2002;

    /** The defaults, but revoking at the last release, as most tests expect. */
    static final TokenCacheSettings AT_ONCE = TokenCacheSettings.defaults().withLinger(Duration.ZERO);

    final MutableClock clock = new MutableClock(START);
    /** Runs revocations on the releasing thread, and linger checks when a test calls {@code runDue()}. */
    final ManualBackground background = new ManualBackground(clock);
    final RecordingJournal journal = new RecordingJournal();
    volatile Duration serverAhead = Duration.ZERO;
    FakeGitHub github;
    HostEndpoint endpoint;
    GitHubApp app;
    InstallationTokens tokens;

    @BeforeEach
    void startFakeGitHub() throws Exception {
        github = new FakeGitHub(TestKeys.RSA.getPublic(), () -> clock.instant().plus(serverAhead));
        github.install(ORG_INSTALLATION, "octo-org", "Organization",
                Map.of("contents", "write", "metadata", "read", "pull_requests", "write", "statuses", "write",
                        "issues", "read", "checks", "write"),
                null, List.of("hello-world", "api", "web", "infra"));
        github.install(USER_INSTALLATION, "octocat", "User",
                Map.of("contents", "read", "metadata", "read"),
                List.of("Spoon-Knife", "linguist"), List.of("Spoon-Knife", "linguist", "secret-diary"));
        endpoint = new HostEndpoint(HostKind.GITHUB_ENTERPRISE, github.serverUrl(), github.apiBase());
        app = new GitHubApp("123456", KEY, endpoint);
        tokens = newTokens(AT_ONCE);
    }

    InstallationTokens newTokens(TokenCacheSettings settings) {
        return new InstallationTokens(new HostHttpClient(testHttpSettings()), clock, settings, journal, background);
    }

    static HttpSettings testHttpSettings() {
        return new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), ProxySettings.direct(), "git-host-credentials-test",
                1, Duration.ZERO);
    }

    GitHubApp reusingApp() {
        return new GitHubApp("123456", KEY, endpoint, TokenPolicy.REUSE_UNTIL_EXPIRY);
    }

    static TokenRequest org() {
        return TokenRequest.of(InstallationLocator.byId(ORG_INSTALLATION));
    }

    @AfterEach
    void stopFakeGitHub() throws Exception {
        github.close();
    }
}
