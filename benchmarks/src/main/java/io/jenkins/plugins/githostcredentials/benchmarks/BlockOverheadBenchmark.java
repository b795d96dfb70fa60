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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What core adds to one build block in the secure default mode (REVOKE_WHEN_RELEASED) when the previous block on the
 * same key ended moments ago: a lease that takes back the lingering token and a release that leaves it lingering.
 * Nobody else holds the token, unlike {@link CacheHitBenchmark}. The run fails if more than one token was minted.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class BlockOverheadBenchmark {

    private BenchGitHub github;
    private InstallationTokens tokens;
    private GitHubApp app;
    private final TokenRequest request = TokenRequest.of(InstallationLocator.byId(BenchGitHub.INSTALLATION_ID));

    @Setup(Level.Trial)
    public void start() throws Exception {
        github = new BenchGitHub(Duration.ZERO);
        // a linger far longer than the run, so that the measured figure is the block, not re-minting
        tokens = github.tokens(TokenCacheSettings.defaults().withLinger(Duration.ofMinutes(10)));
        app = github.app(TokenPolicy.REVOKE_WHEN_RELEASED);
    }

    @Benchmark
    public TokenLease blockWithLingeringToken() throws Exception {
        TokenLease lease = tokens.lease(app, request);
        lease.release();
        return lease;
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        int mints = github.mints();
        tokens.close();
        github.close();
        if (mints != 1) {
            throw new IllegalStateException("sequential blocks minted " + mints + " tokens instead of 1");
        }
    }
}
