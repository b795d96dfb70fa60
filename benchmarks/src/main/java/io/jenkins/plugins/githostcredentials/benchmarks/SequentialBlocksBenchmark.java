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
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * 1,000 build blocks one after the other on the same key, each a lease and a release, in the secure default mode
 * (REVOKE_WHEN_RELEASED) and from a cold cache: what sequential builds or stages cost in core and at GitHub. With the
 * default linger they share one token (target: 1 mint per 1,000); without it every block mints and revokes. The
 * "mints" and "revocations" counters are per 1,000 blocks (JMH sums them over the measured iterations, one
 * invocation each, so divide by the iteration count); revocations run in the background and are counted once the
 * cache is closed, which revokes a lingering token at once. The time is for all 1,000 blocks from a cold cache plus
 * that close (which waits for the revocations still queued); {@link BlockOverheadBenchmark} gives one warm block.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Benchmark)
public class SequentialBlocksBenchmark {

    static final int BLOCKS = 1_000;

    /** ISO-8601 duration: the default, and none. */
    @Param({"PT30S", "PT0S"})
    public String linger;

    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class GitHubCalls {
        public long mints;
        public long revocations;
    }

    private BenchGitHub github;
    private GitHubApp app;
    private InstallationTokens tokens;
    private final TokenRequest request = TokenRequest.of(InstallationLocator.byId(BenchGitHub.INSTALLATION_ID));

    @Setup(Level.Trial)
    public void start() throws Exception {
        github = new BenchGitHub(Duration.ZERO);
        app = github.app(TokenPolicy.REVOKE_WHEN_RELEASED);
    }

    @Setup(Level.Invocation)
    public void coldCache() {
        tokens = github.tokens(TokenCacheSettings.defaults().withLinger(Duration.parse(linger)));
    }

    @Benchmark
    public int thousandSequentialBlocks(GitHubCalls calls) throws Exception {
        int mintsBefore = github.mints();
        int revocationsBefore = github.revocations();
        for (int i = 0; i < BLOCKS; i++) {
            TokenLease lease = tokens.lease(app, request);
            lease.release();
        }
        calls.mints += github.mints() - mintsBefore;
        tokens.close(); // after the loop: no build waits for it, but it is in the measured time
        calls.revocations += github.revocations() - revocationsBefore;
        return BLOCKS;
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        github.close();
    }
}
