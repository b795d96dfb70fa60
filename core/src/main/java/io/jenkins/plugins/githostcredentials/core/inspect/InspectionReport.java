package io.jenkins.plugins.githostcredentials.core.inspect;

import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import io.jenkins.plugins.githostcredentials.core.http.Failure;
import io.jenkins.plugins.githostcredentials.core.http.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a token can really do on one host, for every host alike: who it acts as, its kind, what it was granted
 * (where the host can say), when it expires, a verdict per need, warnings and the rate-limit budget. Renders as
 * plain text (logs, command line) and as a small escaped HTML fragment (the Jenkins form). Never holds the token.
 */
public final class InspectionReport {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final HostKind host;
    private final String serverUrl;
    private final String repository;
    private final String targetName;
    private final TokenKind tokenKind;
    private final String identity;
    private final boolean authenticated;
    private final String failure;
    private final Failure failureCause;
    private final String grantLabel;
    private final List<String> granted;
    private final Instant expiresAt;
    private final String expiryNote;
    private final List<CapabilityCheck> checks;
    private final List<String> phrases;
    private final List<String> warnings;
    private final List<String> notes;
    private final RateLimit rateLimit;
    private final Instant inspectedAt;

    InspectionReport(
            HostKind host,
            String serverUrl,
            String repository,
            String targetName,
            TokenKind tokenKind,
            String identity,
            boolean authenticated,
            String failure,
            Failure failureCause,
            String grantLabel,
            List<String> granted,
            Instant expiresAt,
            String expiryNote,
            List<CapabilityCheck> checks,
            List<String> phrases,
            List<String> warnings,
            List<String> notes,
            RateLimit rateLimit,
            Instant inspectedAt) {
        this.host = host;
        this.serverUrl = serverUrl;
        this.repository = repository;
        this.targetName = targetName;
        this.tokenKind = tokenKind;
        this.identity = identity;
        this.authenticated = authenticated;
        this.failure = failure;
        this.failureCause = failure == null ? null : failureCause;
        this.grantLabel = grantLabel;
        this.granted = granted == null ? null : List.copyOf(granted);
        this.expiresAt = expiresAt;
        this.expiryNote = expiryNote;
        this.checks = List.copyOf(checks);
        this.phrases = List.copyOf(phrases);
        this.warnings = List.copyOf(warnings);
        this.notes = List.copyOf(notes);
        this.rateLimit = rateLimit;
        this.inspectedAt = inspectedAt;
    }

    /** True only when the token authenticated and no required check is MISSING or UNSUPPORTED. */
    public boolean passed() {
        return authenticated && checks.stream().noneMatch(CapabilityCheck::fails);
    }

    /** True when the host accepted the token. */
    public boolean authenticated() {
        return authenticated;
    }

    /** Why the token could not be inspected (refused, unreachable host, wrong kind), if so. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * What kind of failure {@link #failure()} is, so callers can act on it without reading the text:
     * {@link Failure#UNAUTHORIZED} when the host refused the token (wrong, expired, revoked, anonymous), the HTTP
     * layer's class when the host could not be asked (unreachable, timeout, rate limited, server error, 403...).
     * Empty when the inspection did not fail, or failed before any call (the token does not fit the host).
     */
    public Optional<Failure> failureCause() {
        return Optional.ofNullable(failureCause);
    }

    public HostKind host() {
        return host;
    }

    public String serverUrl() {
        return serverUrl;
    }

    public Optional<String> repository() {
        return Optional.ofNullable(repository);
    }

    /** Who the token acts as, as the host names it; "unknown" when it could not be told. */
    public String identity() {
        return identity == null ? "unknown" : identity;
    }

    /** The token kind used for the inspection; null only when the token did not fit the host at all. */
    public TokenKind tokenKind() {
        return tokenKind;
    }

    /** Scopes or permissions the host says the token has; empty when the host cannot say. */
    public Optional<List<String>> grantedScopes() {
        return Optional.ofNullable(granted);
    }

    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    public List<CapabilityCheck> checks() {
        return checks;
    }

    public List<String> warnings() {
        return warnings;
    }

    /** Facts worth knowing that are neither verdicts nor warnings (what was probed, what the host cannot say). */
    public List<String> notes() {
        return notes;
    }

    public Optional<RateLimit> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }

    /**
     * One line: "OK: token can checkout and set commit status on org/repo", "MISSING: pull_requests:write on
     * org/repo", "UNSUPPORTED: checks on GitLab", "FAILED: ...".
     */
    public String summary() {
        if (!authenticated) {
            return "FAILED: " + oneLine(failure == null ? "the token could not be inspected" : failure);
        }
        List<String> parts = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        Set<String> unsupported = new LinkedHashSet<>();
        for (CapabilityCheck check : checks) {
            if (check.status() == CapabilityCheck.Status.MISSING) {
                missing.add(check.toGrant().isEmpty() ? check.requirement() : check.toGrant());
            } else if (check.status() == CapabilityCheck.Status.UNSUPPORTED) {
                unsupported.add(check.requirement());
            }
        }
        if (!missing.isEmpty()) {
            parts.add("MISSING: " + String.join(", ", missing) + " on " + targetName);
        }
        if (!unsupported.isEmpty()) {
            parts.add("UNSUPPORTED: " + String.join(", ", unsupported) + " on " + host.displayName());
        }
        if (!parts.isEmpty()) {
            return String.join("; ", parts);
        }
        List<String> can = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            if (checks.get(i).status() == CapabilityCheck.Status.GRANTED) {
                can.add(phrases.get(i));
            } else {
                unknown.add(checks.get(i).requirement());
            }
        }
        String line = can.isEmpty()
                ? "OK: token authenticates as " + identity() + " on " + targetName
                : "OK: token can " + joinWithAnd(can) + " on " + targetName;
        return unknown.isEmpty() ? line : line + " (unknown: " + String.join(", ", unknown) + ")";
    }

    /** The whole report as plain text, for logs and a command line. */
    public String toPlainText() {
        StringBuilder text = new StringBuilder(summary()).append('\n');
        for (String[] fact : facts()) {
            text.append(String.format("%-12s %s%n", fact[0] + ":", fact[1]));
        }
        if (!checks.isEmpty()) {
            text.append("Checks:\n");
            for (CapabilityCheck check : checks) {
                text.append(String.format("  %-11s %s: %s", check.status(), check.requirement(), check.reason()));
                if (check.fails() && !check.toGrant().isEmpty()) {
                    text.append(" Grant: ").append(check.toGrant());
                }
                text.append('\n');
            }
        }
        appendList(text, "Warnings", warnings);
        appendList(text, "Notes", notes);
        return text.toString();
    }

    /** The report as a small HTML fragment; every host-supplied text is escaped. */
    public String toHtml() {
        StringBuilder html = new StringBuilder();
        html.append("<div class=\"ghc-inspection ").append(passed() ? "ghc-passed" : "ghc-failed").append("\">");
        html.append("<p class=\"ghc-summary\"><strong>").append(escape(summary())).append("</strong></p>");
        html.append("<table class=\"ghc-facts\">");
        for (String[] fact : facts()) {
            html.append("<tr><th>").append(escape(fact[0])).append("</th><td>").append(escape(fact[1])).append("</td></tr>");
        }
        html.append("</table>");
        if (!checks.isEmpty()) {
            html.append("<table class=\"ghc-checks\"><tr><th>Need</th><th>Result</th><th>Why</th><th>To grant</th></tr>");
            for (CapabilityCheck check : checks) {
                html.append("<tr class=\"ghc-").append(check.status().name().toLowerCase(java.util.Locale.ROOT)).append("\">")
                        .append("<td>").append(escape(check.requirement())).append("</td>")
                        .append("<td>").append(check.status().name()).append("</td>")
                        .append("<td>").append(escape(check.reason())).append("</td>")
                        .append("<td>").append(check.fails() ? escape(check.toGrant()) : "").append("</td></tr>");
            }
            html.append("</table>");
        }
        appendHtmlList(html, "ghc-warnings", "Warnings", warnings);
        appendHtmlList(html, "ghc-notes", "Notes", notes);
        return html.append("</div>").toString();
    }

    @Override
    public String toString() {
        return "InspectionReport[" + summary() + "]";
    }

    private List<String[]> facts() {
        List<String[]> facts = new ArrayList<>();
        facts.add(new String[] {"Host", host.displayName() + " (" + serverUrl + ")"});
        if (repository != null) {
            facts.add(new String[] {"Repository", repository});
        }
        if (tokenKind != null) {
            facts.add(new String[] {"Token", tokenKind.displayName()});
        }
        if (authenticated) {
            facts.add(new String[] {"Acts as", identity()});
        }
        if (granted != null) {
            facts.add(new String[] {grantLabel, granted.isEmpty() ? "(none)" : String.join(", ", granted)});
        }
        if (expiresAt != null) {
            facts.add(new String[] {"Expires", WHEN.format(expiresAt) + " (" + inDays(expiresAt) + ")"});
        } else if (expiryNote != null) {
            facts.add(new String[] {"Expires", expiryNote});
        }
        if (rateLimit != null && rateLimit.remaining().isPresent()) {
            String budget = rateLimit.remaining().getAsInt()
                    + (rateLimit.limit().isPresent() ? " of " + rateLimit.limit().getAsInt() : "") + " requests left"
                    + rateLimit.resetAt().map(at -> ", resets " + WHEN.format(at)).orElse("")
                    + rateLimit.resource().map(r -> " (" + r + ")").orElse("");
            facts.add(new String[] {"Rate limit", budget});
        }
        return facts;
    }

    private String inDays(Instant at) {
        Duration left = Duration.between(inspectedAt, at);
        if (left.isNegative()) {
            return "expired";
        }
        long days = left.toDays();
        return days == 0 ? "today" : "in " + days + (days == 1 ? " day" : " days");
    }

    private static String joinWithAnd(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static void appendList(StringBuilder text, String title, List<String> items) {
        if (!items.isEmpty()) {
            text.append(title).append(":\n");
            items.forEach(item -> text.append("  - ").append(item).append('\n'));
        }
    }

    private static void appendHtmlList(StringBuilder html, String cssClass, String title, List<String> items) {
        if (!items.isEmpty()) {
            html.append("<p>").append(title).append(":</p><ul class=\"").append(cssClass).append("\">");
            items.forEach(item -> html.append("<li>").append(escape(item)).append("</li>"));
            html.append("</ul>");
        }
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
