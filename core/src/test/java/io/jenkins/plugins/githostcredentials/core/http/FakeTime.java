package io.jenkins.plugins.githostcredentials.core.http;

import io.jenkins.plugins.githostcredentials.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when the client "sleeps", recording every wait so tests never really sleep. */
final class FakeTime extends MutableClock implements HostHttpClient.Sleeper {

    static final Instant START = Instant.parse("2026-03-02T10:00:00Z");

    private final List<Duration> sleeps = new ArrayList<>();

    FakeTime() {
        super(START);
    }

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        advance(duration);
    }

    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** A client on this fake time whose backoff jitter is fixed at {@code jitter}. */
    HostHttpClient client(HttpSettings settings, double jitter) {
        return new HostHttpClient(settings, this, this, () -> jitter);
    }

    /** Short network timeouts, {@code maxAttempts} attempts, waits of up to a minute, full (not jittered) backoff. */
    HostHttpClient client(int maxAttempts) {
        return client(settings(maxAttempts), 1.0);
    }

    static HttpSettings settings(int maxAttempts) {
        return new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), ProxySettings.jvmDefault(),
                HttpSettings.defaultUserAgent(), maxAttempts, Duration.ofSeconds(60));
    }
}
