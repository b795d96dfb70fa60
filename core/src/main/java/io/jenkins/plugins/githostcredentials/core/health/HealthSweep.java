package io.jenkins.plugins.githostcredentials.core.health;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one health check over many credentials with bounded concurrency: the credentials of one host are checked
 * one after another (a host's rate limit is shared by its tokens, and a slow host then holds one thread only),
 * and at most {@code maxParallel} hosts at once.
 */
public final class HealthSweep {

    private static final Logger LOGGER = Logger.getLogger(HealthSweep.class.getName());

    private final int maxParallel;
    private final Clock clock;

    /** @param maxParallel hosts checked at the same time; 2 suits a controller that has real work to do */
    public HealthSweep(int maxParallel, Clock clock) {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel must be at least 1, got " + maxParallel);
        }
        this.maxParallel = maxParallel;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks every credential and returns the statuses in the credentials' order. A check that throws yields a
     * SKIPPED status naming only the exception's class (its message might quote a secret); the other checks go on.
     *
     * @param hostOf the host a credential talks to, e.g. its API base URL
     * @param check  one credential's probe and rules; should not throw
     */
    public <C> Map<C, HealthStatus> run(Collection<C> credentials, Function<C, String> hostOf,
            Function<C, HealthStatus> check) throws InterruptedException {
        Map<String, List<C>> byHost = new LinkedHashMap<>();
        for (C credential : credentials) {
            byHost.computeIfAbsent(hostOf.apply(credential), host -> new ArrayList<>()).add(credential);
        }
        Map<C, HealthStatus> results = new ConcurrentHashMap<>();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(maxParallel, byHost.size())), task -> {
            Thread thread = new Thread(task, "git-host-credentials-health-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (List<C> sameHost : byHost.values()) {
                running.add(pool.submit(() -> {
                    for (C credential : sameHost) {
                        results.put(credential, checkOne(credential, check));
                    }
                }));
            }
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException impossible) {
                    // checkOne catches everything a check throws
                    LOGGER.log(Level.WARNING, "health check task failed", impossible.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Map<C, HealthStatus> ordered = new LinkedHashMap<>();
        for (C credential : credentials) {
            HealthStatus status = results.get(credential);
            if (status != null) {
                ordered.put(credential, status);
            }
        }
        return ordered;
    }

    private <C> HealthStatus checkOne(C credential, Function<C, HealthStatus> check) {
        try {
            return Objects.requireNonNull(check.apply(credential), "a health check returned no status");
        } catch (RuntimeException failed) {
            LOGGER.log(Level.WARNING, "A credential health check failed with {0}", failed.getClass().getName());
            return new HealthStatus(Severity.SKIPPED, "not checked: the check failed (" + failed.getClass()
                    .getSimpleName() + "); see the controller log", "", clock.instant(), null, null, null, Map.of(),
                    -1, -1, null, "check_failed");
        }
    }
}
