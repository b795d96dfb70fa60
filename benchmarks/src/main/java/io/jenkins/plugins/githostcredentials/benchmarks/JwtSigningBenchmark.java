package io.jenkins.plugins.githostcredentials.benchmarks;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.github.GitHubApp;
import io.jenkins.plugins.githostcredentials.core.github.TokenPolicy;
import java.time.Instant;
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

/** Signing one app JWT (RS256, RSA 2048), done before every call to GitHub as the app. Target: under 2 ms. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class JwtSigningBenchmark {

    private BenchGitHub github;
    private GitHubApp app;

    @Setup(Level.Trial)
    public void start() throws Exception {
        github = new BenchGitHub(java.time.Duration.ZERO);
        app = github.app(TokenPolicy.REVOKE_WHEN_RELEASED);
    }

    @Benchmark
    public SecretText signJwt() {
        return app.createJwt(Instant.now());
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        github.close();
    }
}
