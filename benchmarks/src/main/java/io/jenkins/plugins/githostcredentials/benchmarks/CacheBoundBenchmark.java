package io.jenkins.plugins.githostcredentials.benchmarks;

import io.jenkins.plugins.githostcredentials.core.github.GitHubApp;
import io.jenkins.plugins.githostcredentials.core.github.InstallationLocator;
import io.jenkins.plugins.githostcredentials.core.github.InstallationTokens;
import io.jenkins.plugins.githostcredentials.core.github.Narrowing;
import io.jenkins.plugins.githostcredentials.core.github.TokenCacheSettings;
import io.jenkins.plugins.githostcredentials.core.github.TokenPolicy;
import io.jenkins.plugins.githostcredentials.core.github.TokenRequest;
import java.time.Duration;
import java.util.Set;
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
 * 10,000 distinct (installation, repository) keys through a cache bounded at the default 1,000 entries, in reuse
 * mode where released tokens stay cached. The run fails if the cache ever holds more than its bound. The
 * "largestSize", "mints" and "revocations" counters are per invocation, averaged over the measured iterations
 * (JMH sums event counters over the iterations, so each is divided by the iteration count), and printed once more at
 * the end of the trial.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0) // a correctness check with a time figure: the first pass is measured as it comes
@Measurement(iterations = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CacheBoundBenchmark {

    static final int DISTINCT_KEYS = 10_000;

    private int invocations;
    private int largestSizeSeen;
    private long totalMints;
    private long totalRevocations;
    private int revocationsBefore;

    private BenchGitHub github;
    private GitHubApp app;
    private InstallationTokens tokens;
    private TokenRequest[] requests;

    @Setup(Level.Trial)
    public void start() throws Exception {
        github = new BenchGitHub(Duration.ZERO);
        app = github.app(TokenPolicy.REUSE_UNTIL_EXPIRY);
        requests = new TokenRequest[DISTINCT_KEYS];
        for (int i = 0; i < DISTINCT_KEYS; i++) {
            requests[i] = new TokenRequest(InstallationLocator.byId(BenchGitHub.INSTALLATION_ID),
                    Narrowing.repositories(Set.of("repository-" + i)));
        }
    }

    @Setup(Level.Invocation)
    public void freshCache() {
        tokens = github.tokens(TokenCacheSettings.defaults());
    }

    @Benchmark
    public int tenThousandDistinctKeys() throws Exception {
        int bound = tokens.settings().maximumTokens();
        int mintsBefore = github.mints();
        revocationsBefore = github.revocations();
        int largest = 0;
        for (TokenRequest request : requests) {
            tokens.lease(app, request).release();
            largest = Math.max(largest, tokens.size());
        }
        if (largest > bound) {
            throw new IllegalStateException("the cache held " + largest + " entries; its bound is " + bound);
        }
        invocations++;
        largestSizeSeen = Math.max(largestSizeSeen, largest);
        totalMints += github.mints() - mintsBefore;
        return largest;
    }

    @TearDown(Level.Invocation)
    public void closeCache() {
        tokens.close(); // revocations run in the background: count them once close has waited for them
        totalRevocations += github.revocations() - revocationsBefore;
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        github.close();
        System.out.printf("%nCache bound: %d distinct keys per invocation, bound %d, largest size seen %d; per invocation "
                        + "%d mints and %d revocations of evicted idle tokens (%d invocations)%n",
                DISTINCT_KEYS, TokenCacheSettings.defaults().maximumTokens(), largestSizeSeen,
                totalMints / Math.max(1, invocations), totalRevocations / Math.max(1, invocations), invocations);
    }
}
