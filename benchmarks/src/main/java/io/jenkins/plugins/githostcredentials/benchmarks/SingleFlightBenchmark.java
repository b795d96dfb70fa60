package io.jenkins.plugins.githostcredentials.benchmarks;

import io.jenkins.plugins.githostcredentials.core.github.GitHubApp;
import io.jenkins.plugins.githostcredentials.core.github.InstallationLocator;
import io.jenkins.plugins.githostcredentials.core.github.InstallationTokens;
import io.jenkins.plugins.githostcredentials.core.github.TokenCacheSettings;
import io.jenkins.plugins.githostcredentials.core.github.TokenLease;
import io.jenkins.plugins.githostcredentials.core.github.TokenPolicy;
import io.jenkins.plugins.githostcredentials.core.github.TokenRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * 200 threads ask for a token for the same installation at the same moment, against a GitHub that takes 50 ms to
 * mint. Exactly one mint may reach GitHub: the run fails otherwise. The "mints" and "revocations" counters count
 * what reached GitHub; JMH sums them over the measured iterations (one invocation each), so with N iterations the
 * expected figure is N, i.e. one mint and one revocation per 200 callers. Also measures how long the 200 callers
 * wait in total.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
@State(Scope.Benchmark)
public class SingleFlightBenchmark {

    static final int CALLERS = 200;

    /** What reached GitHub in one invocation. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class GitHubCalls {
        public long mints;
        public long revocations;

        @Setup(Level.Iteration)
        public void reset() {
            mints = 0;
            revocations = 0;
        }
    }

    private BenchGitHub github;
    private GitHubApp app;
    private ExecutorService callers;
    private InstallationTokens tokens;
    private final TokenRequest request = TokenRequest.of(InstallationLocator.byId(BenchGitHub.INSTALLATION_ID));

    @Setup(Level.Trial)
    public void start() throws Exception {
        github = new BenchGitHub(Duration.ofMillis(50));
        app = github.app(TokenPolicy.REVOKE_WHEN_RELEASED);
        callers = Executors.newFixedThreadPool(CALLERS);
    }

    @Setup(Level.Invocation)
    public void freshCache() {
        tokens = github.tokens(TokenCacheSettings.defaults().withLinger(Duration.ZERO));
    }

    @Benchmark
    public int twoHundredCallersOneKey(GitHubCalls calls) throws Exception {
        int mintsBefore = github.mints();
        int revocationsBefore = github.revocations();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TokenLease>> leases = new ArrayList<>(CALLERS);
        for (int i = 0; i < CALLERS; i++) {
            leases.add(callers.submit(() -> {
                start.await();
                return tokens.lease(app, request);
            }));
        }
        start.countDown();
        List<TokenLease> held = new ArrayList<>(CALLERS);
        for (Future<TokenLease> lease : leases) {
            held.add(lease.get(30, TimeUnit.SECONDS));
        }
        held.forEach(TokenLease::release);
        tokens.close(); // waits for the background revocation, which the last release used to make itself
        int mints = github.mints() - mintsBefore;
        calls.mints += mints;
        calls.revocations += github.revocations() - revocationsBefore;
        if (mints != 1) {
            throw new IllegalStateException(CALLERS + " concurrent callers caused " + mints + " mints instead of 1");
        }
        return held.size();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        callers.shutdownNow();
        github.close();
    }
}
