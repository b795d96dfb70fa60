package io.jenkins.plugins.githostcredentials.core.health;

import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException;
import io.jenkins.plugins.githostcredentials.core.github.Installation;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import io.jenkins.plugins.githostcredentials.core.http.Failure;
import io.jenkins.plugins.githostcredentials.core.http.RateLimit;
import io.jenkins.plugins.githostcredentials.core.inspect.CapabilityCheck;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionReport;
import io.jenkins.plugins.githostcredentials.core.rotation.RotatedToken;
import io.jenkins.plugins.githostcredentials.core.rotation.RotationOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Judges one probe of one credential: what is urgent, how long until expiry, what to do. Pure: the same outcome,
 * previous state, time and settings always give the same {@link HealthStatus}, so the rules are tested without a
 * host or a clock.
 */
public final class HealthRules {

    /** The prefix every inspection uses for an over-privilege warning (GitHub scopes and permissions, GitLab scopes). */
    static final String OVER_PRIVILEGED_WARNING = "Over-privileged";

    /** Azure DevOps global (all-organisation) PATs stop working on this day (Microsoft's announcement). */
    static final LocalDate AZURE_GLOBAL_PAT_END = LocalDate.of(2026, 12, 1);

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final HealthSettings settings;

    public HealthRules(HealthSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * @param previous the state the last check left, or null for the first check
     */
    public HealthStatus evaluate(ProbeOutcome outcome, HealthStatus previous, Instant now) {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(now, "now");
        if (outcome instanceof ProbeOutcome.Inspected inspected) {
            return inspected(inspected.report(), inspected.requirementsRecorded(), previous, now);
        }
        if (outcome instanceof ProbeOutcome.AppInstallation app) {
            return appInstallation(app.installation(), previous, now);
        }
        if (outcome instanceof ProbeOutcome.AppFailed failed) {
            return appFailed(failed.failure(), previous, now);
        }
        ProbeOutcome.Skipped skipped = (ProbeOutcome.Skipped) outcome;
        return carryForward(previous, now, Severity.SKIPPED, "skipped: " + skipped.reason(), false, budgetOf(previous));
    }

    /**
     * The state after an automatic rotation, so the monitor shows at once what the rotation left: a token waiting to
     * be stored outranks everything, a lost one is rejected, a stored one is OK with its new expiry. A rotation that
     * changed nothing keeps the previous state and says why in the action.
     */
    public HealthStatus afterRotation(RotationOutcome outcome, HealthStatus previous, Instant now) {
        Objects.requireNonNull(outcome, "outcome");
        Budget budget = budgetOf(previous);
        Instant newExpiry = outcome.rotated().flatMap(RotatedToken::expiresOn)
                .map(day -> day.atStartOfDay().toInstant(ZoneOffset.UTC)).orElse(null);
        Map<String, String> permissions = previous == null ? Map.of() : previous.appPermissions();
        switch (outcome.result()) {
            case NOT_STORED, PENDING_WRITE_BACK -> {
                Instant rotatedAt = outcome.rotated().map(RotatedToken::rotatedAt).orElse(now);
                return status(Severity.ROTATION_NOT_STORED, "rotated, not stored: store this new token now",
                        outcome.message(), now, newExpiry, lastAnswer(previous), budget,
                        "rotation_not_stored:" + rotatedAt, permissions);
            }
            case LOST, ROTATED_NEW_TOKEN_REFUSED -> {
                return status(Severity.REJECTED, outcome.result() == RotationOutcome.Result.LOST
                        ? "the rotation's new token was lost" : "rotated, but GitLab refuses the new token",
                        outcome.message(), now, newExpiry, now, budget, "rotation:" + outcome.result(), permissions);
            }
            case ROTATED, ROTATED_UNVERIFIED -> {
                String expiry = newExpiry == null ? "no expiry" : "expires " + HealthStatus.day(newExpiry);
                return status(Severity.OK, "OK, rotated on " + HealthStatus.day(now) + ", " + expiry, "", now,
                        newExpiry, now, budget, "ok:" + (newExpiry == null ? "-" : HealthStatus.day(newExpiry)),
                        permissions);
            }
            default -> {
                HealthStatus kept = carryForward(previous, now, Severity.SKIPPED, "", true, budget);
                return new HealthStatus(kept.severity(), kept.summary().isEmpty() ? "not rotated" : kept.summary()
                        + " (not rotated)", outcome.message(), now, kept.expiresAt(), kept.lastAnswerAt(),
                        kept.failingSince(), kept.appPermissions(), budget.remaining, budget.limit, budget.resetAt,
                        kept.factKey());
            }
        }
    }

    // ---------------------------------------------------------------- tokens

    private HealthStatus inspected(InspectionReport report, boolean requirementsRecorded, HealthStatus previous,
            Instant now) {
        Budget budget = report.rateLimit().map(Budget::of).orElse(budgetOf(previous));
        HostKind host = report.host();
        TokenKind kind = report.tokenKind();
        Instant expiresAt = report.expiresAt().orElse(null);
        if (!report.authenticated()) {
            Failure cause = report.failureCause().orElse(null);
            if (cause == Failure.RATE_LIMITED) {
                return carryForward(previous, now, Severity.SKIPPED, "skipped: " + host.displayName()
                        + " rate-limited the check", false, budget);
            }
            if (cause != null && cause != Failure.UNAUTHORIZED && cause != Failure.FORBIDDEN) {
                return unreachable(host, cause, report.failure().orElse(""), previous, now, budget);
            }
            if (expiresAt == null && previous != null && previous.expiresAt() != null) {
                expiresAt = previous.expiresAt(); // a host that refuses an expired token may no longer say when it expired
            }
            if (expiresAt != null && !expiresAt.isAfter(now)) {
                return status(Severity.EXPIRED, "expired on " + HealthStatus.day(expiresAt),
                        kind == null ? "" : HostAdvice.replaceToken(host, kind), now, expiresAt, now, budget,
                        "expired:" + HealthStatus.day(expiresAt), Map.of());
            }
            String why = cause == null ? "cannot be used with " + host.displayName()
                    : "rejected by " + host.displayName() + (cause == Failure.FORBIDDEN ? " (HTTP 403)" : " (HTTP 401)");
            String action = report.failure().orElse("") + retiredHint(host, kind, now);
            return status(Severity.REJECTED, why, action, now, expiresAt, cause == null ? lastAnswer(previous) : now,
                    budget, "rejected:" + (cause == null ? "unusable" : cause.name()), Map.of());
        }

        List<Finding> findings = new ArrayList<>();
        if (expiresAt != null) {
            Duration left = Duration.between(now, expiresAt);
            if ((left.isZero() || left.isNegative())) {
                findings.add(new Finding(Severity.EXPIRED, "expired on " + HealthStatus.day(expiresAt),
                        HostAdvice.replaceToken(host, kind), "expired:" + HealthStatus.day(expiresAt)));
            } else if (left.compareTo(Duration.ofDays(settings.expiryWarningDays())) <= 0) {
                findings.add(new Finding(Severity.EXPIRING_SOON,
                        "expires " + inDays(left) + " (" + HealthStatus.day(expiresAt) + ")",
                        HostAdvice.renewBeforeExpiry(host, kind), "expiring:" + HealthStatus.day(expiresAt)));
            }
        }
        if (requirementsRecorded) {
            Set<String> missing = new TreeSet<>();
            for (CapabilityCheck check : report.checks()) {
                if (check.fails()) {
                    missing.add(check.toGrant().isEmpty() ? check.requirement() : check.toGrant());
                }
            }
            if (!missing.isEmpty()) {
                findings.add(new Finding(Severity.MISSING_PERMISSIONS, "missing " + String.join(", ", missing),
                        "Grant " + String.join(", ", missing) + " to the token (or create one that has it) and update "
                                + "the credential; jobs that need it fail until then.",
                        "missing:" + String.join(",", missing)));
            }
        }
        retiredFinding(report, now).ifPresent(findings::add);
        if (requirementsRecorded) {
            List<String> excess = report.warnings().stream().filter(w -> w.startsWith(OVER_PRIVILEGED_WARNING)).toList();
            if (!excess.isEmpty()) {
                findings.add(new Finding(Severity.OVER_PRIVILEGED, "over-privileged for what it is used for",
                        String.join(" ", excess).replace(OVER_PRIVILEGED_WARNING + ": ", ""),
                        "excess:" + String.join("|", excess)));
            }
        }
        if (findings.isEmpty()) {
            String summary = "OK, " + (expiresAt != null ? "expires " + HealthStatus.day(expiresAt)
                    : "expiry not reported by " + host.displayName());
            return status(Severity.OK, summary, "", now, expiresAt, now, budget,
                    "ok:" + (expiresAt == null ? "-" : HealthStatus.day(expiresAt)), Map.of());
        }
        findings.sort((a, b) -> a.severity.compareTo(b.severity));
        Finding worst = findings.get(0);
        StringBuilder summary = new StringBuilder(worst.summary);
        if (findings.size() > 1) {
            List<String> also = findings.subList(1, findings.size()).stream().map(f -> f.summary).toList();
            summary.append(" (also: ").append(String.join("; ", also)).append(")");
        }
        Set<String> facts = new LinkedHashSet<>();
        findings.forEach(f -> facts.add(f.factKey));
        return status(worst.severity, summary.toString(), worst.action, now, expiresAt, now, budget,
                String.join(";", facts), Map.of());
    }

    private java.util.Optional<Finding> retiredFinding(InspectionReport report, Instant now) {
        if (report.tokenKind() == TokenKind.BITBUCKET_APP_PASSWORD) {
            return java.util.Optional.of(new Finding(Severity.RETIRED_MECHANISM,
                    "uses a Bitbucket Cloud app password, a retired mechanism",
                    "Replace it with an API token (Atlassian account email + token, with scopes) or an access token, "
                            + "and update the credential: app passwords were removed on 2026-07-28.",
                    "retired:bitbucket_app_password"));
        }
        boolean maybeGlobalPat = report.host() == HostKind.AZURE_DEVOPS
                && report.warnings().stream().anyMatch(w -> w.toLowerCase(Locale.ROOT).contains("global pat"));
        if (maybeGlobalPat) {
            return java.util.Optional.of(new Finding(Severity.RETIRED_MECHANISM,
                    "may be an Azure DevOps global PAT, which stops working on " + AZURE_GLOBAL_PAT_END,
                    "Check the PAT's Organization in User settings > Personal access tokens; if it is \"All accessible "
                            + "organizations\", create a PAT for this organisation or use a Microsoft Entra ID token.",
                    "retired:azure_global_pat"));
        }
        return java.util.Optional.empty();
    }

    private static String retiredHint(HostKind host, TokenKind kind, Instant now) {
        if (host == HostKind.AZURE_DEVOPS && !now.atZone(ZoneOffset.UTC).toLocalDate().isBefore(AZURE_GLOBAL_PAT_END)) {
            return " If it was a global PAT (\"All accessible organizations\"): those stopped working on "
                    + AZURE_GLOBAL_PAT_END + "; create a PAT for this organisation or use a Microsoft Entra ID token.";
        }
        if (kind == TokenKind.BITBUCKET_APP_PASSWORD) {
            return " Bitbucket Cloud removed app passwords on 2026-07-28: replace it with an API token or an access "
                    + "token.";
        }
        return "";
    }

    // ---------------------------------------------------------------- GitHub Apps

    private HealthStatus appInstallation(Installation installation, HealthStatus previous, Instant now) {
        Budget budget = budgetOf(previous);
        Map<String, String> permissions = new TreeMap<>(installation.permissions());
        if (installation.suspended()) {
            return status(Severity.REJECTED, "the installation on " + installation.account() + " is suspended",
                    "An owner of " + installation.account() + " must unsuspend the GitHub App in the installation's "
                            + "settings; no token can be minted until then.",
                    now, null, now, budget, "app:suspended", permissions);
        }
        Map<String, String> before = previous == null ? Map.of() : previous.appPermissions();
        if (!before.isEmpty() && !before.equals(permissions)) {
            String changes = describeChanges(before, permissions);
            return status(Severity.PERMISSIONS_CHANGED, "installation permissions changed since the last check: "
                    + changes, "Check that the change was intended (App settings > Permissions & events, and the "
                            + "installation's accepted permissions); jobs asking for a removed permission fail. "
                            + "Dismiss this line once reviewed.",
                    now, null, now, budget, "app:changed:" + permissions, permissions);
        }
        return status(Severity.OK, "OK, key accepted, installed on " + installation.account(), "", now, null, now,
                budget, "app:ok:" + permissions, permissions);
    }

    private HealthStatus appFailed(GitHubAppException failure, HealthStatus previous, Instant now) {
        Budget budget = budgetOf(previous);
        Map<String, String> remembered = previous == null ? Map.of() : previous.appPermissions();
        return switch (failure.problem()) {
            case RATE_LIMITED -> carryForward(previous, now, Severity.SKIPPED, "skipped: GitHub rate-limited the check",
                    false, budget);
            case HOST_UNAVAILABLE, UNEXPECTED_RESPONSE -> unreachable(HostKind.GITHUB, Failure.UNREACHABLE,
                    failure.getMessage(), previous, now, budget);
            case APP_AUTHENTICATION_FAILED -> status(Severity.REJECTED, "GitHub rejected the app's key",
                    failure.getMessage(), now, null, now, budget, "app:key_rejected", remembered);
            case NOT_INSTALLED -> status(Severity.REJECTED, "the app's installation is gone", failure.getMessage(), now,
                    null, now, budget, "app:not_installed", remembered);
            default -> status(Severity.REJECTED, "GitHub refused the app (" + failure.problem().name()
                    .toLowerCase(Locale.ROOT).replace('_', ' ') + ")", failure.getMessage(), now, null, now, budget,
                    "app:" + failure.problem().name(), remembered);
        };
    }

    private static String describeChanges(Map<String, String> before, Map<String, String> after) {
        List<String> changes = new ArrayList<>();
        after.forEach((name, level) -> {
            String old = before.get(name);
            if (old == null) {
                changes.add("added " + name + ":" + level);
            } else if (!old.equals(level)) {
                changes.add(name + " " + old + " -> " + level);
            }
        });
        before.keySet().stream().filter(name -> !after.containsKey(name)).sorted()
                .forEach(name -> changes.add("removed " + name));
        return String.join(", ", changes);
    }

    // ---------------------------------------------------------------- no answer

    /** Only a run of failures lasting {@link HealthSettings#unreachableAfter()} counts as unreachable. */
    private HealthStatus unreachable(HostKind host, Failure cause, String message, HealthStatus previous,
            Instant now, Budget budget) {
        Instant since = previous != null && previous.failingSince() != null ? previous.failingSince() : now;
        if (Duration.between(since, now).compareTo(settings.unreachableAfter()) >= 0) {
            HealthStatus remembered = carryForward(previous, now, Severity.UNREACHABLE, "", true, budget);
            Severity severity = Severity.worst(remembered.severity(), Severity.UNREACHABLE);
            String summary = host.displayName() + " unreachable since " + WHEN.format(since) + " ("
                    + cause.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
            String action = "Check the server URL, the controller's network and proxy, and the host's status page. "
                    + "Last error: " + message;
            if (severity != Severity.UNREACHABLE) {
                // a remembered expiry outranks the outage: say both
                summary = remembered.summary() + " (also: " + summary + ")";
                action = remembered.action();
            }
            return new HealthStatus(severity, summary, action, now, remembered.expiresAt(), lastAnswer(previous), since,
                    previous == null ? Map.of() : previous.appPermissions(), budget.remaining, budget.limit,
                    budget.resetAt, severity == Severity.UNREACHABLE ? "unreachable:" + host : remembered.factKey());
        }
        HealthStatus carried = carryForward(previous, now, Severity.SKIPPED, "", true, budget);
        String note = "could not reach " + host.displayName() + " since " + WHEN.format(since)
                + "; reported as unreachable after " + settings.unreachableAfter().toHours() + " h";
        String summary = carried.summary().isEmpty() ? "not checked: " + note : carried.summary() + " (" + note + ")";
        return new HealthStatus(carried.severity(), summary, carried.action(), now, carried.expiresAt(),
                lastAnswer(previous), since, carried.appPermissions(), budget.remaining, budget.limit, budget.resetAt,
                carried.factKey());
    }

    /**
     * The previous result, still true as far as anyone knows, with the expiry re-judged against the clock (a token
     * that was fine yesterday may have expired today). With no previous result: {@code fallback} and {@code note}.
     *
     * @param keepPrevious keep the previous severity even when it needs no attention (an OK stays OK while a host
     *                     is briefly away); otherwise it yields to {@code fallback}
     */
    private HealthStatus carryForward(HealthStatus previous, Instant now, Severity fallback, String note,
            boolean keepPrevious, Budget budget) {
        if (previous == null) {
            return new HealthStatus(fallback, note, "", now, null, null, null, Map.of(), budget.remaining, budget.limit,
                    budget.resetAt, fallback.name());
        }
        Severity severity = previous.severity();
        String summary = previous.summary();
        String action = previous.action();
        String factKey = previous.factKey();
        if (!keepPrevious && !severity.needsAttention()) {
            severity = fallback;
            summary = note + (previous.summary().isEmpty() ? "" : "; last result: " + previous.summary());
            action = "";
            factKey = fallback.name();
        }
        Instant expiresAt = previous.expiresAt();
        if (expiresAt != null) {
            Duration left = Duration.between(now, expiresAt);
            if ((left.isZero() || left.isNegative()) && severity != Severity.ROTATION_NOT_STORED) {
                severity = Severity.EXPIRED;
                summary = "expired on " + HealthStatus.day(expiresAt);
                action = "Create a new token and update the credential.";
                factKey = "expired:" + HealthStatus.day(expiresAt);
            } else if (!(left.isZero() || left.isNegative()) && left.compareTo(Duration.ofDays(settings.expiryWarningDays())) <= 0
                    && Severity.EXPIRING_SOON.compareTo(severity) < 0) {
                action = severity == Severity.EXPIRING_SOON ? action
                        : "Create a new token and update the credential before then.";
                severity = Severity.EXPIRING_SOON;
                summary = "expires " + inDays(left) + " (" + HealthStatus.day(expiresAt) + ")";
                factKey = "expiring:" + HealthStatus.day(expiresAt);
            }
        }
        if (keepPrevious && !note.isEmpty()) {
            summary = summary + " (" + note + ")";
        }
        return new HealthStatus(severity, summary, action, now, expiresAt, previous.lastAnswerAt(),
                previous.failingSince(), previous.appPermissions(), budget.remaining, budget.limit, budget.resetAt,
                factKey);
    }

    // ---------------------------------------------------------------- helpers

    private static HealthStatus status(Severity severity, String summary, String action, Instant now, Instant expiresAt,
            Instant lastAnswerAt, Budget budget, String factKey, Map<String, String> permissions) {
        return new HealthStatus(severity, summary, action, now, expiresAt, lastAnswerAt, null, permissions,
                budget.remaining, budget.limit, budget.resetAt, factKey);
    }

    private static Instant lastAnswer(HealthStatus previous) {
        return previous == null ? null : previous.lastAnswerAt();
    }

    static String inDays(Duration left) {
        long days = left.toDays();
        return days == 0 ? "today" : "in " + days + (days == 1 ? " day" : " days");
    }

    private static Budget budgetOf(HealthStatus previous) {
        return previous == null ? Budget.NONE
                : new Budget(previous.rateRemaining(), previous.rateLimit(), previous.rateResetAt());
    }

    /** One problem found by a check; the most urgent becomes the status. */
    private record Finding(Severity severity, String summary, String action, String factKey) {}

    /** The rate-limit budget in the persisted form (-1 = not reported). */
    record Budget(int remaining, int limit, Instant resetAt) {
        static final Budget NONE = new Budget(-1, -1, null);

        static Budget of(RateLimit rateLimit) {
            return new Budget(rateLimit.remaining().orElse(-1), rateLimit.limit().orElse(-1),
                    rateLimit.resetAt().orElse(null));
        }
    }
}
