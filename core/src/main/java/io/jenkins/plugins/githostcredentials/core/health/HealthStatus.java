package io.jenkins.plugins.githostcredentials.core.health;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The result of one health check of one credential, and what the next check needs to remember. Holds no secret:
 * the plugin may persist {@link #toPlainValues()} as it is and show every text to administrators.
 *
 * @param severity       how urgent
 * @param summary        one line for a monitor or the credential page: "OK, expires 2027-01-10", "expires in 3 days
 *                       (2026-12-06)", "rejected by GitLab (HTTP 401)"
 * @param action         what the administrator should do, in the host's words; empty when nothing
 * @param checkedAt      when this check ran
 * @param expiresAt      the token's expiry as last reported by the host, or null (no expiry, not reported)
 * @param lastAnswerAt   when the host last answered a check (even with a refusal), or null
 * @param failingSince   the first of the consecutive checks that could not reach the host, or null
 * @param appPermissions a GitHub App installation's permissions at the last successful check (name to level);
 *                       empty for other credentials
 * @param rateRemaining  the host's rate-limit budget left after the last answer, or -1 when not reported
 * @param rateLimit      the host's rate-limit budget size, or -1 when not reported
 * @param rateResetAt    when that budget refills, or null
 * @param factKey        the facts the state consists of (never a secret), the input of {@link #fingerprint()}
 */
public record HealthStatus(
        Severity severity,
        String summary,
        String action,
        Instant checkedAt,
        Instant expiresAt,
        Instant lastAnswerAt,
        Instant failingSince,
        Map<String, String> appPermissions,
        int rateRemaining,
        int rateLimit,
        Instant rateResetAt,
        String factKey) {

    /**
     * Most urgent first; among equals the soonest expiry first (no expiry last), then the oldest check first. The
     * plugin breaks remaining ties by credential name.
     */
    public static final Comparator<HealthStatus> MOST_URGENT_FIRST = Comparator
            .comparing(HealthStatus::severity)
            .thenComparing(HealthStatus::expiresAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(HealthStatus::checkedAt, Comparator.nullsFirst(Comparator.naturalOrder()));

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    /** Version of the {@link #toPlainValues()} shape, so a later plugin can read what an earlier one stored. */
    static final String FORMAT_VERSION = "1";

    public HealthStatus {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(checkedAt, "checkedAt");
        summary = summary == null ? "" : summary;
        action = action == null ? "" : action;
        appPermissions = appPermissions == null ? Map.of() : Map.copyOf(appPermissions);
        factKey = factKey == null ? severity.name() : factKey;
    }

    /** True when a monitor should list it. */
    public boolean needsAttention() {
        return severity.needsAttention();
    }

    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** The budget as last reported, for deciding whether the next check should wait. */
    public OptionalInt remainingRequests() {
        return rateRemaining < 0 ? OptionalInt.empty() : OptionalInt.of(rateRemaining);
    }

    /**
     * Identifies the state for dismissal: the same while severity and key facts (expiry day, kind of refusal,
     * installation permissions) stay the same, different as soon as one changes. A dismissed line stays hidden while
     * the fingerprint matches the one dismissed. 16 hex characters of SHA-256 over the facts, never over a secret.
     */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((severity.name() + "|" + factKey).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java runtime has SHA-256", impossible);
        }
    }

    /** For the credential page: "checked 2 h ago: OK, expires 2027-01-10". */
    public String describe(Instant now) {
        return "checked " + ago(Duration.between(checkedAt, now)) + ": " + summary;
    }

    /** The line for an administrative monitor: the summary and what to do. */
    public String monitorLine() {
        return action.isEmpty() ? summary : summary + ": " + action;
    }

    static String ago(Duration elapsed) {
        if (elapsed.isNegative() || elapsed.toMinutes() < 1) {
            return "just now";
        }
        if (elapsed.toHours() < 1) {
            return elapsed.toMinutes() + " min ago";
        }
        if (elapsed.toDays() < 2) {
            return elapsed.toHours() + " h ago";
        }
        return elapsed.toDays() + " days ago";
    }

    static String day(Instant at) {
        return DAY.format(at);
    }

    /**
     * Plain strings only (ISO-8601 instants, decimal numbers), sorted by key, so any store (XStream, JSON, a
     * properties file) keeps them as they are. GitHub App permissions are stored as {@code appPermission.NAME}.
     */
    public Map<String, String> toPlainValues() {
        Map<String, String> values = new TreeMap<>();
        values.put("format", FORMAT_VERSION);
        values.put("severity", severity.name());
        values.put("summary", summary);
        values.put("action", action);
        values.put("checkedAt", checkedAt.toString());
        put(values, "expiresAt", expiresAt);
        put(values, "lastAnswerAt", lastAnswerAt);
        put(values, "failingSince", failingSince);
        put(values, "rateResetAt", rateResetAt);
        if (rateRemaining >= 0) {
            values.put("rateRemaining", Integer.toString(rateRemaining));
        }
        if (rateLimit >= 0) {
            values.put("rateLimit", Integer.toString(rateLimit));
        }
        values.put("factKey", factKey);
        values.put("fingerprint", fingerprint());
        appPermissions.forEach((name, level) -> values.put("appPermission." + name, level));
        return values;
    }

    /**
     * Reads what {@link #toPlainValues()} wrote. Unknown keys are ignored and missing optional ones are empty, so a
     * newer plugin reads an older state; a state that cannot be read at all gives {@link Optional#empty()}, and
     * the next check starts afresh (which at worst re-shows a dismissed line).
     */
    public static Optional<HealthStatus> fromPlainValues(Map<String, String> values) {
        if (values == null) {
            return Optional.empty();
        }
        try {
            Map<String, String> permissions = new LinkedHashMap<>();
            values.forEach((key, value) -> {
                if (key.startsWith("appPermission.")) {
                    permissions.put(key.substring("appPermission.".length()), value);
                }
            });
            return Optional.of(new HealthStatus(
                    Severity.valueOf(values.get("severity")),
                    values.get("summary"),
                    values.get("action"),
                    Instant.parse(values.get("checkedAt")),
                    instant(values, "expiresAt"),
                    instant(values, "lastAnswerAt"),
                    instant(values, "failingSince"),
                    permissions,
                    number(values, "rateRemaining"),
                    number(values, "rateLimit"),
                    instant(values, "rateResetAt"),
                    values.get("factKey")));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static void put(Map<String, String> values, String key, Instant at) {
        if (at != null) {
            values.put(key, at.toString());
        }
    }

    private static Instant instant(Map<String, String> values, String key) {
        String text = values.get(key);
        return text == null || text.isBlank() ? null : Instant.parse(text);
    }

    private static int number(Map<String, String> values, String key) {
        String text = values.get(key);
        return text == null || text.isBlank() ? -1 : Integer.parseInt(text);
    }

    @Override
    public String toString() {
        return "HealthStatus[" + severity + ": " + summary + ", checked " + checkedAt + "]";
    }
}
