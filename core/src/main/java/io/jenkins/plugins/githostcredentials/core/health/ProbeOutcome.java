package io.jenkins.plugins.githostcredentials.core.health;

import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException;
import io.jenkins.plugins.githostcredentials.core.github.Installation;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionReport;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What one health probe of one credential found, before {@link HealthRules} judges it. */
public sealed interface ProbeOutcome {

    /**
     * A token was inspected.
     *
     * @param requirementsRecorded whether the administrator recorded what the credential is used for; only then are
     *                             missing or excess permissions judged
     */
    record Inspected(InspectionReport report, boolean requirementsRecorded) implements ProbeOutcome {
        public Inspected {
            Objects.requireNonNull(report, "report");
        }
    }

    /** A GitHub App's key was accepted and its installation read. */
    record AppInstallation(Installation installation) implements ProbeOutcome {
        public AppInstallation {
            Objects.requireNonNull(installation, "installation");
        }
    }

    /** A GitHub App's key or installation failed. */
    record AppFailed(GitHubAppException failure) implements ProbeOutcome {
        public AppFailed {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * Nothing was asked: the host's budget was too low.
     *
     * @param reason  why, in words for the administrator
     * @param retryAt when asking makes sense again, or null
     */
    record Skipped(String reason, Instant retryAt) implements ProbeOutcome {
        public Skipped {
            Objects.requireNonNull(reason, "reason");
        }

        public Optional<Instant> retryAfter() {
            return Optional.ofNullable(retryAt);
        }
    }
}
