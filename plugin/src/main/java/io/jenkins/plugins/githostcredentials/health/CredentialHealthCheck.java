package io.jenkins.plugins.githostcredentials.health;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.AsyncPeriodicWork;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.githostcredentials.GitHostService;
import io.jenkins.plugins.githostcredentials.core.github.InstallationLocator;
import io.jenkins.plugins.githostcredentials.core.health.HealthProbe;
import io.jenkins.plugins.githostcredentials.core.health.HealthRules;
import io.jenkins.plugins.githostcredentials.core.health.HealthSettings;
import io.jenkins.plugins.githostcredentials.core.health.HealthStatus;
import io.jenkins.plugins.githostcredentials.core.health.HealthSweep;
import io.jenkins.plugins.githostcredentials.core.health.ProbeOutcome;
import io.jenkins.plugins.githostcredentials.core.health.Severity;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionRequest;
import io.jenkins.plugins.githostcredentials.core.rotation.GitLabTokenRotation;
import io.jenkins.plugins.githostcredentials.core.rotation.RotationOutcome;
import io.jenkins.plugins.githostcredentials.core.rotation.RotationRequest;
import io.jenkins.plugins.githostcredentials.core.rotation.TokenWriteBack;
import io.jenkins.plugins.githostcredentials.core.session.TokenSessions;
import io.jenkins.plugins.githostcredentials.core.session.TokenSource;
import io.jenkins.plugins.githostcredentials.credentials.GitLabTokenCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The periodic credential health check: every credential of this plugin in every store, asked the cheapest question
 * its host answers (core's {@link HealthProbe}), judged by core's {@link HealthRules}, and GitLab tokens rotated when
 * their option says so. The results go to {@link HealthRecords}, which the monitor, the credential form and builds
 * read.
 *
 * <p>Runs every 15 minutes but checks only when the configured interval (plus up to a tenth of it, so controllers
 * started together do not ask a host at the same moment) has passed, so a changed interval applies without a
 * restart.
 */
@Extension
public final class CredentialHealthCheck extends AsyncPeriodicWork {

    private static final Logger LOGGER = Logger.getLogger(CredentialHealthCheck.class.getName());

    private static final Duration TICK = Duration.ofMinutes(15);

    /** Hosts checked at the same time; each host's credentials are checked one after another (HealthSweep). */
    private static final int HOSTS_AT_ONCE = 2;

    private final Clock clock = Clock.systemUTC();

    /**
     * The controller's one rotation: it holds rotated tokens not yet stored, which must survive from one check to the
     * next. Each server is reached through the client (and so the proxy) the rest of the plugin uses for it.
     */
    private final GitLabTokenRotation rotation =
            new GitLabTokenRotation(endpoint -> GitHostService.get().sessions().http(), clock);

    private volatile Function<FoundCredential, TokenWriteBack> writeBacks = StoreWriteBack::new;

    private volatile Instant nextCheckAt;

    public CredentialHealthCheck() {
        super("Git host credential health check");
        nextCheckAt = clock.instant().plus(upTo(Duration.ofMinutes(30)));
    }

    @NonNull
    public static CredentialHealthCheck get() {
        return ExtensionList.lookupSingleton(CredentialHealthCheck.class);
    }

    @Override
    public long getRecurrencePeriod() {
        return TICK.toMillis();
    }

    @Override
    protected void execute(TaskListener listener) throws InterruptedException {
        CredentialHealthSettings settings = CredentialHealthSettings.get();
        Instant now = clock.instant();
        if (!settings.isCheckEnabled() || now.isBefore(nextCheckAt)) {
            return;
        }
        Duration interval = settings.checkInterval();
        nextCheckAt = now.plus(interval).plus(upTo(interval.dividedBy(10)));
        int checked;
        try {
            checked = checkNow();
        } catch (RuntimeException e) {
            // AsyncPeriodicWork logs only IOException and InterruptedException well; try again at the next tick
            nextCheckAt = now;
            LOGGER.log(Level.WARNING, "The git host credential health check failed; it runs again in "
                    + TICK.toMinutes() + " minutes", e);
            return;
        }
        listener.getLogger().println("Checked " + checked + " git host credentials; next check after " + nextCheckAt);
    }

    /** For tests: the next {@link #execute} checks at once, as it does once the interval has passed. */
    void dueNow() {
        nextCheckAt = Instant.EPOCH;
    }

    /**
     * One check of every credential, now, whatever the schedule (what {@link #execute} runs when it is due).
     *
     * @return how many credentials were checked
     */
    int checkNow() throws InterruptedException {
        List<FoundCredential> found;
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            found = FoundCredential.inEveryStore();
        }
        HealthSettings settings = CredentialHealthSettings.get().toHealthSettings();
        HealthRules rules = new HealthRules(settings);
        HealthRecords records = HealthRecords.get();
        Map<FoundCredential, HealthStatus> results = new HealthSweep(HOSTS_AT_ONCE, clock)
                .run(found, CredentialHealthCheck::hostOf, credential -> check(credential, records, rules, settings));
        Set<String> present = found.stream().map(FoundCredential::key).collect(Collectors.toSet());
        records.record(results, present);
        return results.size();
    }

    /** Replaces how rotated tokens are stored; tests make the store fail with it. */
    void useWriteBacks(@NonNull Function<FoundCredential, TokenWriteBack> writeBacks) {
        this.writeBacks = writeBacks;
    }

    /** Credentials of one API host share its rate limit, so the sweep checks them one after another. */
    private static String hostOf(FoundCredential found) {
        try {
            return found.credentials().endpoint().apiBaseUrl();
        } catch (IllegalArgumentException unresolvable) {
            return "unresolvable " + found.key();
        }
    }

    private HealthStatus check(FoundCredential found, HealthRecords records, HealthRules rules, HealthSettings settings) {
        // the sweep's threads do not inherit the periodic work's SYSTEM authentication
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            Instant now = clock.instant();
            HealthStatus previous = records.status(found.key()).orElse(null);
            TokenSource source;
            try {
                source = found.credentials().tokenSource();
            } catch (IllegalArgumentException unusable) {
                // core's message says what to fix in the credential and never contains a secret
                return new HealthStatus(Severity.REJECTED, Messages.CredentialHealthCheck_unusable(),
                        unusable.getMessage(), now, null, null, null, Map.of(), -1, -1, null, "unusable");
            }
            TokenSessions sessions = GitHostService.get().sessions();
            HealthProbe probe = new HealthProbe(sessions.inspector(), settings, clock);
            ProbeOutcome outcome = source instanceof TokenSource.StoredToken stored
                    ? probe.probe(inspection(stored), false, previous)
                    : probeApp(probe, sessions, (TokenSource.GitHubAppInstallation) source, previous);
            HealthStatus status = rules.evaluate(outcome, previous, now);
            if (found.credentials() instanceof GitLabTokenCredentials gitLab
                    && source instanceof TokenSource.StoredToken storedToken) {
                status = rotateIfDue(found, gitLab, storedToken, outcome, status, rules, now);
            }
            return status;
        }
    }

    private static InspectionRequest inspection(TokenSource.StoredToken stored) {
        return InspectionRequest.builder(stored.endpoint(), stored.token()).tokenKind(stored.kind())
                .username(stored.username()).email(stored.email()).build();
    }

    private static ProbeOutcome probeApp(HealthProbe probe, TokenSessions sessions,
            TokenSource.GitHubAppInstallation app, @CheckForNull HealthStatus previous) {
        InstallationLocator locator = locatorOf(app);
        if (locator == null) {
            return new ProbeOutcome.Skipped(Messages.CredentialHealthCheck_appWithoutOwner(), null);
        }
        return probe.probeApp(sessions.installationTokens(), app.app(), locator, previous);
    }

    /** The installation the app's tokens come from: the fixed ID, the owner, or the first default repository's owner. */
    @CheckForNull
    private static InstallationLocator locatorOf(TokenSource.GitHubAppInstallation app) {
        if (app.installationId() != null) {
            return InstallationLocator.byId(app.installationId());
        }
        if (app.owner() != null) {
            return InstallationLocator.byOwner(app.owner());
        }
        for (String repository : app.defaultRepositories()) {
            int slash = repository.indexOf('/');
            if (slash > 0) {
                return InstallationLocator.byRepository(repository.substring(0, slash), repository.substring(slash + 1));
            }
        }
        return null;
    }

    /**
     * Finishes storing a token an earlier rotation could not store, or rotates when the option says it is time. A
     * held token is dropped instead when the stored token was just shown to work: after a rotation the old token is
     * revoked, so a working one was stored by an administrator, and the held one must not overwrite it.
     */
    private HealthStatus rotateIfDue(FoundCredential found, GitLabTokenCredentials gitLab,
            TokenSource.StoredToken stored, ProbeOutcome probed, HealthStatus status, HealthRules rules, Instant now) {
        String key = found.key();
        RotationOutcome outcome;
        if (rotation.pending(key).isPresent()) {
            if (probed instanceof ProbeOutcome.Inspected inspected && inspected.report().authenticated()) {
                rotation.discardPending(key);
                LOGGER.log(Level.INFO, "Credential {0} holds a working token again; dropped the rotated token that "
                        + "could not be stored", key);
                return status;
            }
            outcome = rotation.retryWriteBack(key, writeBacks.apply(found));
        } else if (gitLab.rotationPolicy().isDue(status.expiresAt(), now)) {
            outcome = rotation.rotate(RotationRequest.personal(key, stored.endpoint(), stored.token()),
                    writeBacks.apply(found));
        } else {
            return status;
        }
        // the outcome's message never contains a token
        LOGGER.log(Level.INFO, "Rotation of credential {0}: {1}: {2}",
                new Object[] {key, outcome.result(), outcome.message()});
        return rules.afterRotation(outcome, status, now);
    }

    private static Duration upTo(Duration most) {
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(Math.max(1, most.toMillis())));
    }
}
