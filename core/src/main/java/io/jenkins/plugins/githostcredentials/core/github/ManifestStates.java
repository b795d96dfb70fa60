package io.jenkins.plugins.githostcredentials.core.github;

import io.jenkins.plugins.githostcredentials.core.github.ManifestStateException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code state} values of GitHub App registrations in progress: the CSRF protection of the manifest flow. Each
 * value is 256 random bits (URL-safe base64), bound to the Jenkins session that started the registration and to
 * its {@link ManifestTarget}, redeemable once, and only within {@link #DEFAULT_LIFETIME} (GitHub's limit on the
 * whole flow). Kept in memory: a restart ends every registration in progress, which is then started again.
 *
 * <p>Entries are keyed by the SHA-256 of the state, so looking one up reveals nothing about other values through
 * timing, and the session is compared in constant time. The store holds at most {@code maxEntries}; beyond that the
 * oldest registration is forgotten. Thread-safe.
 */
public final class ManifestStates {

    /** GitHub: "You must complete all three steps in the GitHub App Manifest flow within one hour." */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    public static final int DEFAULT_MAX_ENTRIES = 1000;

    private static final int STATE_BYTES = 32;
    private static final String START_AGAIN = "Start the registration again from Jenkins (Create a GitHub App).";
    private static final String START_AGAIN_LATER_IN_SENTENCE =
            "start the registration again from Jenkins (Create a GitHub App).";

    private final Clock clock;
    private final Duration lifetime;
    private final int maxEntries;
    private final SecureRandom random = new SecureRandom();
    /** Insertion order is issue order, so the first entry is always the oldest. */
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public ManifestStates() {
        this(Clock.systemUTC(), DEFAULT_LIFETIME, DEFAULT_MAX_ENTRIES);
    }

    public ManifestStates(Clock clock, Duration lifetime, int maxEntries) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("the lifetime of a state must be positive");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("the store must hold at least one state");
        }
        this.maxEntries = maxEntries;
    }

    /**
     * Starts a registration: a new state for {@link AppManifest#registrationUrl}.
     *
     * @param sessionId the Jenkins (HTTP) session of the administrator; must come back with the redirect
     */
    public String issue(String sessionId, ManifestTarget target) {
        requireSession(sessionId);
        Objects.requireNonNull(target, "target");
        byte[] bytes = new byte[STATE_BYTES];
        random.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        synchronized (entries) {
            forgetStale(now);
            while (entries.size() >= maxEntries) {
                Iterator<String> oldest = entries.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
            entries.put(digest(state), new Entry(digest(sessionId), target, now.plus(lifetime)));
        }
        return state;
    }

    /**
     * Ends a registration: the target the state was issued for. A state is used up by a successful redeem only, so a
     * request from another session cannot spoil the administrator's registration.
     *
     * @throws ManifestStateException saying why the state is refused and what to do
     */
    public ManifestTarget redeem(String state, String sessionId) throws ManifestStateException {
        if (state == null || state.isBlank()) {
            throw new ManifestStateException(Reason.UNKNOWN, "GitHub came back without the registration's state, so "
                    + "Jenkins cannot tell which registration it belongs to. " + START_AGAIN);
        }
        requireSession(sessionId);
        Instant now = clock.instant();
        synchronized (entries) {
            Entry entry = entries.get(digest(state.strip()));
            if (entry == null) {
                throw new ManifestStateException(Reason.UNKNOWN, "This GitHub App registration was not started "
                        + "here, or Jenkins restarted since it was started (registrations in progress are not kept). "
                        + START_AGAIN);
            }
            if (entry.used) {
                throw new ManifestStateException(Reason.ALREADY_USED, "This GitHub App registration was already "
                        + "completed; reloading GitHub's redirect cannot complete it twice. The credential it created is "
                        + "already saved; to create another app, " + START_AGAIN_LATER_IN_SENTENCE);
            }
            if (!now.isBefore(entry.expiresAt)) {
                throw new ManifestStateException(Reason.EXPIRED, "This GitHub App registration was started more "
                        + "than " + describe(lifetime) + " ago; GitHub allows one hour for the whole flow. If GitHub "
                        + "created the app anyway, delete it in its settings. " + START_AGAIN);
            }
            if (!MessageDigest.isEqual(entry.sessionDigest, digest(sessionId).getBytes(StandardCharsets.US_ASCII))) {
                throw new ManifestStateException(Reason.WRONG_SESSION, "This GitHub App registration was started in "
                        + "another Jenkins session (another browser, or after signing in again). Finish it in the "
                        + "browser where it was started, or " + START_AGAIN_LATER_IN_SENTENCE);
            }
            entry.used = true;
            return entry.target;
        }
    }

    /** Registrations in progress or recently ended (kept for a lifetime more to say "expired" or "already used"). */
    public int size() {
        synchronized (entries) {
            forgetStale(clock.instant());
            return entries.size();
        }
    }

    @Override
    public String toString() {
        return "ManifestStates[" + size() + " of at most " + maxEntries + ", lifetime " + lifetime + "]";
    }

    private void forgetStale(Instant now) {
        entries.values().removeIf(entry -> now.isAfter(entry.expiresAt.plus(lifetime)));
    }

    private static void requireSession(String sessionId) {
        if (sessionId == null || sessionId.isBlank()) {
            throw new IllegalArgumentException("A GitHub App registration must be bound to a session: sign in to "
                    + "Jenkins before creating a GitHub App.");
        }
    }

    private static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this Java runtime", e);
        }
    }

    private static String describe(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes % 60 == 0 ? (minutes / 60) + (minutes == 60 ? " hour" : " hours") : minutes + " minutes";
    }

    private static final class Entry {
        final byte[] sessionDigest;
        final ManifestTarget target;
        final Instant expiresAt;
        boolean used;

        Entry(String sessionDigest, ManifestTarget target, Instant expiresAt) {
            this.sessionDigest = sessionDigest.getBytes(StandardCharsets.US_ASCII);
            this.target = target;
            this.expiresAt = expiresAt;
        }
    }
}
