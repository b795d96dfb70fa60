package io.jenkins.plugins.githostcredentials.core.health;

import io.jenkins.plugins.githostcredentials.core.capability.Requirements;
import io.jenkins.plugins.githostcredentials.core.github.GitHubApp;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException;
import io.jenkins.plugins.githostcredentials.core.github.InstallationLocator;
import io.jenkins.plugins.githostcredentials.core.github.InstallationTokens;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionRequest;
import io.jenkins.plugins.githostcredentials.core.inspect.TokenInspector;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The cheapest question that tells a credential's health: who the token is and when it expires.
 *
 * <p>With no requirements and no repository, every inspection is already that cheap (one or two reads: GitHub
 * {@code GET /user}, GitLab {@code GET /personal_access_tokens/self} and {@code GET /user}, Bitbucket Cloud
 * {@code GET /user}, Bitbucket Data Center one listing, Azure DevOps {@code connectionData}, Gitea {@code GET /user}):
 * the capability probes run only for needs, and the repository reads only for a repository. So the probe strips both
 * unless the administrator recorded requirements for the credential. A GitHub App costs one JWT-authenticated read
 * of its installation, which proves the key, the installation and its permissions at once.
 *
 * <p>Before asking, the probe looks at the budget the host reported at the last check and skips the check while
 * less than {@link HealthSettings#lowBudgetShare()} of it is left and it has not refilled yet.
 */
public final class HealthProbe {

    private final TokenInspector inspector;
    private final HealthSettings settings;
    private final Clock clock;

    public HealthProbe(TokenInspector inspector, HealthSettings settings, Clock clock) {
        this.inspector = Objects.requireNonNull(inspector, "inspector");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks a token credential.
     *
     * @param configured           the request the credential would make for a job (repository and requirements
     *                             included, if any)
     * @param requirementsRecorded whether the administrator asked for the requirements to be checked; only then
     *                             are repository and requirements kept, with the probes they cost
     * @param previous             the last state of this credential, or null
     */
    public ProbeOutcome probe(InspectionRequest configured, boolean requirementsRecorded, HealthStatus previous) {
        Objects.requireNonNull(configured, "configured");
        Optional<ProbeOutcome> skip = skipForBudget(previous);
        if (skip.isPresent()) {
            return skip.get();
        }
        return new ProbeOutcome.Inspected(inspector.inspect(cheapRequest(configured, requirementsRecorded)),
                requirementsRecorded);
    }

    /** Checks a GitHub App credential: key accepted, installation present, its permissions. */
    public ProbeOutcome probeApp(InstallationTokens tokens, GitHubApp app, InstallationLocator locator,
            HealthStatus previous) {
        Objects.requireNonNull(tokens, "tokens");
        Optional<ProbeOutcome> skip = skipForBudget(previous);
        if (skip.isPresent()) {
            return skip.get();
        }
        try {
            return new ProbeOutcome.AppInstallation(tokens.findInstallation(app, locator));
        } catch (GitHubAppException failed) {
            return new ProbeOutcome.AppFailed(failed);
        }
    }

    /** The request without the parts that cost capability probes, unless requirements are to be judged. */
    public static InspectionRequest cheapRequest(InspectionRequest configured, boolean requirementsRecorded) {
        if (requirementsRecorded) {
            return configured;
        }
        return new InspectionRequest(configured.endpoint(), configured.tokenKind(), configured.token(),
                configured.username(), configured.email(), null, Requirements.none(), configured.installationGrant());
    }

    /** Skipped while the last reported budget is low and not yet refilled. */
    Optional<ProbeOutcome> skipForBudget(HealthStatus previous) {
        if (previous == null || previous.rateRemaining() < 0 || previous.rateLimit() <= 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        boolean refilled = previous.rateResetAt() == null
                ? previous.checkedAt().plus(java.time.Duration.ofHours(1)).isBefore(now)
                : !previous.rateResetAt().isAfter(now);
        boolean low = previous.rateRemaining() < previous.rateLimit() * settings.lowBudgetShare();
        if (!low || refilled) {
            return Optional.empty();
        }
        String until = previous.rateResetAt() == null ? "" : " until " + previous.rateResetAt();
        return Optional.of(new ProbeOutcome.Skipped("only " + previous.rateRemaining() + " of "
                + previous.rateLimit() + " API requests were left" + until + ", which jobs need more",
                previous.rateResetAt()));
    }
}
