package io.jenkins.plugins.githostcredentials.core.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Background} the test drives: revocations run at once on the calling thread, so a test sees their effect
 * as soon as the call returns; scheduled tasks (linger checks) run when the test moves the clock and calls
 * {@link #runDue()}.
 */
final class ManualBackground implements Background {

    private final Clock clock;
    private final List<Scheduled> scheduled = new ArrayList<>();

    ManualBackground(Clock clock) {
        this.clock = clock;
    }

    private record Scheduled(Instant due, Runnable task) {}

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
        scheduled.add(new Scheduled(clock.instant().plus(delay), task));
    }

    /** Runs every scheduled task that is due by the clock, including those the tasks schedule; returns how many. */
    int runDue() {
        int ran = 0;
        while (true) {
            Scheduled next = null;
            synchronized (this) {
                for (Scheduled candidate : scheduled) {
                    if (!candidate.due().isAfter(clock.instant()) && (next == null || candidate.due().isBefore(next.due()))) {
                        next = candidate;
                    }
                }
                if (next == null) {
                    return ran;
                }
                scheduled.remove(next);
            }
            next.task().run();
            ran++;
        }
    }

    synchronized int pending() {
        return scheduled.size();
    }
}
