package io.jenkins.plugins.githostcredentials.core.github;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Where revocations run, off the threads of the builds that release tokens. Tests drive one by hand. */
interface Background {

    /** Runs the task soon on a worker. */
    void execute(Runnable task);

    /** Runs the task on a worker once {@code delay} has passed. */
    void schedule(Duration delay, Runnable task);

    /** How many revocations may talk to GitHub at once. */
    int WORKERS = 2;

    /**
     * {@link #WORKERS} daemon threads for GitHub calls, so a slow GitHub holds up at most that many calls at once and
     * never a build; one daemon timer that only hands due tasks to them. Idle threads end, so an unused instance
     * costs nothing.
     */
    static Background threads() {
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemon("GitHub token revocation"));
        workers.allowCoreThreadTimeOut(true);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("GitHub token linger timer"));
        timer.setKeepAliveTime(30, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true);
        return new Background() {
            @Override
            public void execute(Runnable task) {
                workers.execute(task);
            }

            @Override
            public void schedule(Duration delay, Runnable task) {
                timer.schedule(() -> workers.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
            }
        };
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger serial = new AtomicInteger();
        ThreadFactory base = Executors.defaultThreadFactory();
        return task -> {
            Thread thread = base.newThread(task);
            thread.setName(name + " " + serial.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
