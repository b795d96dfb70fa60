package io.jenkins.plugins.githostcredentials.core.inspect;

import io.jenkins.plugins.githostcredentials.core.capability.Capability;
import io.jenkins.plugins.githostcredentials.core.capability.Need;
import io.jenkins.plugins.githostcredentials.core.capability.RawPermission;
import io.jenkins.plugins.githostcredentials.core.capability.ScopeAdvice;
import io.jenkins.plugins.githostcredentials.core.capability.ScopeRule;
import io.jenkins.plugins.githostcredentials.core.github.AppPermissions;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import io.jenkins.plugins.githostcredentials.core.http.Failure;
import io.jenkins.plugins.githostcredentials.core.http.HostResponse;
import io.jenkins.plugins.githostcredentials.core.http.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The report while a host inspection fills it in; {@link #build()} freezes it. */
final class ReportDraft {

    /** Warn when a token expires within this time: long enough to renew it calmly. */
    static final Duration EXPIRY_WARNING = Duration.ofDays(14);

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** Warn when fewer than this share of the rate-limit budget is left. */
    private static final double LOW_RATE_LIMIT_SHARE = 0.1;

    final InspectionRequest request;
    final Instant now;
    /** The repository with surrounding slashes and a ".git" suffix removed, or null. */
    final String repository;
    private TokenKind kind;
    private List<Need> needs = List.of();
    private String identity;
    private boolean authenticated;
    private String failure;
    private Failure failureCause;
    private String grantLabel = "Scopes";
    private List<String> granted;
    private Instant expiresAt;
    private String expiryNote;
    private final Map<Need, Verdict> verdicts = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private RateLimit rateLimit;

    ReportDraft(InspectionRequest request, Instant now) {
        this.request = request;
        this.now = now;
        this.repository = normalise(request.repository());
    }

    private static String normalise(String repository) {
        if (repository == null) {
            return null;
        }
        String path = repository.strip().replaceAll("^/+|/+$", "");
        return path.endsWith(".git") ? path.substring(0, path.length() - ".git".length()) : path;
    }

    HostKind host() {
        return request.endpoint().kind();
    }

    TokenKind kind() {
        return kind;
    }

    void kind(TokenKind tokenKind) {
        this.kind = tokenKind;
    }

    List<Need> needs() {
        return needs;
    }

    /**
     * Sets what the job needs and settles at once what needs no host call: raw permissions of another host and
     * capabilities this host or token kind cannot provide.
     */
    void needs(List<Need> allNeeds) {
        this.needs = List.copyOf(allNeeds);
        for (Need need : needs) {
            if (need instanceof RawPermission raw && !raw.dialect().appliesTo(host())) {
                record(need, Verdict.unsupported(raw.id() + " is a " + raw.dialect().displayName()
                        + " permission, but this credential is for " + host().displayName()));
            } else if (need instanceof RawPermission raw && raw.isGitHubPermission()
                    && !AppPermissions.offeredBy(host()).containsKey(raw.name())) {
                record(need, Verdict.unsupported(AppPermissions.notOffered(raw.name(), host())));
            } else if (need instanceof Capability capability) {
                ScopeAdvice.unsupportedReason(host(), kind, capability)
                        .ifPresent(why -> record(need, Verdict.unsupported(why)));
            }
        }
    }

    /** Sets what the job needs without judging any of it: the inspection could not start. */
    void needsUnjudged(List<Need> allNeeds) {
        this.needs = List.copyOf(allNeeds);
    }

    /** The needs still without a verdict, in order. */
    List<Need> open() {
        return needs.stream().filter(n -> !verdicts.containsKey(n)).toList();
    }

    /** The rule for a capability on this host and kind; present for every capability still open. */
    ScopeRule rule(Capability capability) {
        return ScopeAdvice.rule(host(), kind, capability).orElseThrow();
    }

    void record(Need need, Verdict verdict) {
        verdicts.putIfAbsent(need, verdict);
    }

    void authenticated(String who) {
        this.authenticated = true;
        this.identity = who;
    }

    String identity() {
        return identity == null ? "the token's user" : identity;
    }

    /** The host refused the token: nothing more is checked. */
    void failed(String why) {
        failed(Failure.UNAUTHORIZED, why);
    }

    /**
     * The inspection failed for the given reason: nothing more is checked.
     *
     * @param cause what kind of failure, or null when no host call was made (the token does not fit the host)
     */
    void failed(Failure cause, String why) {
        this.authenticated = false;
        this.failure = why;
        this.failureCause = cause;
    }

    boolean hasFailed() {
        return failure != null;
    }

    void granted(String label, List<String> scopesOrPermissions) {
        this.grantLabel = label;
        this.granted = List.copyOf(scopesOrPermissions);
    }

    void expiresAt(Instant at) {
        this.expiresAt = at;
    }

    void expiryNote(String note) {
        this.expiryNote = note;
    }

    void warn(String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    void note(String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    /** Keeps the rate-limit budget of the latest answer that reported one. */
    void observe(HostResponse response) {
        RateLimit limit = response.rateLimit();
        if (limit.remaining().isPresent()) {
            this.rateLimit = limit;
        }
    }

    Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    InspectionReport build() {
        String notChecked = failure == null
                ? "not checked"
                : "not checked: the token could not be inspected";
        for (Need need : open()) {
            record(need, Verdict.unknown(notChecked, toGrantFor(need)));
        }
        addCommonWarnings();
        List<CapabilityCheck> checks = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        for (Need need : needs) {
            Verdict verdict = verdicts.get(need);
            checks.add(new CapabilityCheck(need.id(), verdict.status(), verdict.reason(), verdict.toGrant()));
            phrases.add(need.phrase());
        }
        return new InspectionReport(
                host(), request.endpoint().serverUrl(), repository,
                repository != null ? repository : request.endpoint().hostName(),
                kind, identity, authenticated && failure == null, failure, failureCause, grantLabel, granted, expiresAt,
                expiryNote, checks, phrases, warnings, notes, rateLimit, now);
    }

    /** What to grant for a need in this host's words, for needs that end up without a more precise answer. */
    String toGrantFor(Need need) {
        if (need instanceof Capability capability) {
            return ScopeAdvice.rule(host(), kind, capability).map(ScopeRule::recommendation).orElse("");
        }
        return ((RawPermission) need).wording();
    }

    private void addCommonWarnings() {
        if (expiresAt != null && authenticated) {
            Duration left = Duration.between(now, expiresAt);
            if (left.isNegative()) {
                warn("The token expired on " + DAY.format(expiresAt) + ": create a new one and update the credential.");
            } else if (left.compareTo(EXPIRY_WARNING) <= 0) {
                long days = left.toDays();
                warn("The token expires on " + DAY.format(expiresAt) + " ("
                        + (days == 0 ? "today" : "in " + days + (days == 1 ? " day" : " days"))
                        + "): create a new one and update the credential before then.");
            }
        }
        if (rateLimit != null && rateLimit.remaining().isPresent() && rateLimit.limit().isPresent()) {
            int remaining = rateLimit.remaining().getAsInt();
            int limit = rateLimit.limit().getAsInt();
            if (limit > 0 && remaining < limit * LOW_RATE_LIMIT_SHARE) {
                warn("Only " + remaining + " of " + limit + " API requests are left"
                        + rateLimit.resetAt().map(at -> " until " + at).orElse("")
                        + ": jobs using this token may be throttled; spread the load over more tokens or a GitHub App.");
            }
        }
    }
}
