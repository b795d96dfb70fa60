package io.jenkins.plugins.githostcredentials.core.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link HostHttpClient} talks to a host.
 *
 * @param connectTimeout how long to wait for a TCP/TLS connection
 * @param readTimeout    how long to wait for the next bytes of an answer
 * @param proxy          how to reach hosts: {@link ProxySettings#jvmDefault()}, {@link ProxySettings#direct()}, or
 *                       Jenkins' proxy through {@link ProxySettings#fromJenkins}
 * @param userAgent      the User-Agent header sent with every request
 * @param maxAttempts    how many times one request may be sent in total (1 = never retry)
 * @param maxRetryWait   the longest single wait before a retry; a host asking to wait longer (rate limits)
 *                       ends the call with {@link Failure#RATE_LIMITED} instead of blocking
 */
public record HttpSettings(
        Duration connectTimeout,
        Duration readTimeout,
        ProxySettings proxy,
        String userAgent,
        int maxAttempts,
        Duration maxRetryWait) {

    public HttpSettings {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        Objects.requireNonNull(proxy, "proxy: use ProxySettings.jvmDefault() when no proxy is configured");
        Objects.requireNonNull(maxRetryWait, "maxRetryWait");
        if (maxRetryWait.isNegative()) {
            throw new IllegalArgumentException("maxRetryWait must not be negative, got " + maxRetryWait);
        }
        if (userAgent == null || userAgent.isBlank()) {
            throw new IllegalArgumentException("userAgent must name the client, e.g. " + defaultUserAgent());
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1 (1 = no retries), got " + maxAttempts);
        }
    }

    /** 10 s to connect, 30 s to read, JVM proxy selection, up to 4 attempts, waits of up to 60 s. */
    public static HttpSettings defaults() {
        return new HttpSettings(
                Duration.ofSeconds(10), Duration.ofSeconds(30), ProxySettings.jvmDefault(), defaultUserAgent(), 4,
                Duration.ofSeconds(60));
    }

    /** These settings with another proxy: {@code HttpSettings.defaults().withProxy(ProxySettings.fromJenkins(...))}. */
    public HttpSettings withProxy(ProxySettings newProxy) {
        return new HttpSettings(connectTimeout, readTimeout, newProxy, userAgent, maxAttempts, maxRetryWait);
    }

    /** {@code git-host-credentials/<version>}, or {@code git-host-credentials/dev} outside a packaged jar. */
    public static String defaultUserAgent() {
        String version = HttpSettings.class.getPackage().getImplementationVersion();
        return "git-host-credentials/" + (version == null || version.isBlank() ? "dev" : version);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }
}
