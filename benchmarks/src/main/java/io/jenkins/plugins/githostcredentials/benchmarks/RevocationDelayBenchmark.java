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
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long after the last release GitHub receives the revocation: the linger plus what the background adds (timer,
 * hand-off to a revocation thread, the DELETE). "release" alone is what the build waits for at the end of a block.
 * Each invocation mints a fresh token beforehand (not measured).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
@State(Scope.Benchmark)
public class RevocationDelayBenchmark {

    /** ISO-8601 duration: none, and one second (the default of 30 s would make each run last minutes). */
    @Param({"PT0S", "PT1S"})
    public String linger;

    private BenchGitHub github;
    private GitHubApp app;
    private InstallationTokens tokens;
    private TokenLease lease;
    private final TokenRequest request = TokenRequest.of(InstallationLocator.byId(BenchGitHub.INSTALLATION_ID));

    @Setup(Level.Trial)
    public void start() throws Exception {
        github = new BenchGitHub(Duration.ZERO);
        app = github.app(TokenPolicy.REVOKE_WHEN_RELEASED);
        tokens = github.tokens(TokenCacheSettings.defaults().withLinger(Duration.parse(linger)));
    }

    @Setup(Level.Invocation)
    public void leaseAFreshToken() throws Exception {
        lease = tokens.lease(app, request);
    }

    @Benchmark
    public int lastReleaseToRevocation() throws Exception {
        int revocationsBefore = github.revocations();
        lease.release();
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (github.revocations() == revocationsBefore) {
            if (System.nanoTime() > giveUpAt) {
                throw new IllegalStateException("no revocation reached GitHub within 30 s of the last release");
            }
            Thread.onSpinWait();
        }
        return github.revocations();
    }

    @Benchmark
    public TokenLease release() {
        lease.release();
        return lease;
    }

    @TearDown(Level.Invocation)
    public void settle() throws InterruptedException {
        // the "release" benchmark does not wait: let its revocation land before the next mint, so none is shared
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (github.revocations() < github.mints() && System.nanoTime() < giveUpAt) {
            Thread.sleep(1);
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        tokens.close();
        github.close();
    }
}
