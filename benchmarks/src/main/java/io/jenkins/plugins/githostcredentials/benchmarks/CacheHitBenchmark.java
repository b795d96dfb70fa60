package io.jenkins.plugins.githostcredentials.benchmarks;

import io.jenkins.plugins.githostcredentials.core.github.GitHubApp;
import io.jenkins.plugins.githostcredentials.core.github.InstallationLocator;
import io.jenkins.plugins.githostcredentials.core.github.InstallationTokens;
import io.jenkins.plugins.githostcredentials.core.github.TokenCacheSettings;
import io.jenkins.plugins.githostcredentials.core.github.TokenLease;
import io.jenkins.plugins.githostcredentials.core.github.TokenPolicy;
import io.jenkins.plugins.githostcredentials.core.github.TokenRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A lease and release of a cached installation token: what every build step pays when the token is already there.
 * In the secure default mode one lease is held throughout, as by a running build, so the token stays shared and
 * no call reaches GitHub. Target: well under 1 µs on average.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CacheHitBenchmark {

    @Param({"REVOKE_WHEN_RELEASED", "REUSE_UNTIL_EXPIRY"})
    public TokenPolicy policy;

    /** "id": the installation ID is configured; "owner": found by organization name, then remembered. */
    @Param({"id", "owner"})
    public String locator;

    private BenchGitHub github;
    private InstallationTokens tokens;
    private GitHubApp app;
    private TokenRequest request;
    private TokenLease heldByARunningBuild;

    @Setup(Level.Trial)
    public void start() throws Exception {
        github = new BenchGitHub(Duration.ZERO);
        tokens = github.tokens(TokenCacheSettings.defaults());
        app = github.app(policy);
        request = TokenRequest.of(locator.equals("id")
                ? InstallationLocator.byId(BenchGitHub.INSTALLATION_ID)
                : InstallationLocator.byOwner("octo-org"));
        heldByARunningBuild = tokens.lease(app, request);
    }

    @Benchmark
    public TokenLease leaseAndRelease() throws Exception {
        TokenLease lease = tokens.lease(app, request);
        lease.release();
        return lease;
    }

    @Benchmark
    @Threads(2)
    public TokenLease leaseAndReleaseFromTwoThreads() throws Exception {
        TokenLease lease = tokens.lease(app, request);
        lease.release();
        return lease;
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        int mints = github.mints();
        heldByARunningBuild.release();
        tokens.close();
        github.close();
        if (mints != 1) {
            throw new IllegalStateException("cache hits minted " + mints + " tokens instead of 1");
        }
    }
}
