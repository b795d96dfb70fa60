package io.jenkins.plugins.githostcredentials.core.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.github.ManifestStateException.Reason;
import io.jenkins.plugins.githostcredentials.core.host.HostCatalog;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** State values of registrations in progress: unguessable, single use, bound to a session, short-lived, bounded. */
class ManifestStatesTest {

    private static final ManifestTarget TARGET = new ManifestTarget(
            HostCatalog.resolve(HostKind.GITHUB, ""), "acme", "system", "github.com");
    private static final ManifestTarget OTHER_TARGET = new ManifestTarget(
            HostCatalog.resolve(HostKind.GITHUB_ENTERPRISE, "https://github.example.com"), null, "folder:ci", "");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T18:00:00Z"));
    private final ManifestStates states = new ManifestStates(clock, ManifestStates.DEFAULT_LIFETIME, 100);

    @Test
    void aStateLeadsBackToItsTargetOnce() throws Exception {
        String state = states.issue("session-1", TARGET);

        assertEquals(TARGET, states.redeem(state, "session-1"));
        ManifestStateException reused = assertThrows(ManifestStateException.class, () -> states.redeem(state, "session-1"));
        assertEquals(Reason.ALREADY_USED, reused.reason());
        assertTrue(reused.getMessage().contains("already completed"), reused.getMessage());
    }

    @Test
    void eachStateIsBoundToItsOwnTarget() throws Exception {
        String first = states.issue("session-1", TARGET);
        String second = states.issue("session-1", OTHER_TARGET);

        assertEquals(OTHER_TARGET, states.redeem(second, "session-1"));
        assertEquals(TARGET, states.redeem(first, "session-1"));
    }

    @Test
    void statesAreUnguessableAndUrlSafe() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String state = states.issue("session-1", TARGET);
            assertTrue(state.matches("[A-Za-z0-9_-]{43}"), state);
            assertTrue(Base64.getUrlDecoder().decode(state).length * 8 >= 128, "at least 128 random bits");
            assertTrue(seen.add(state), "never repeated");
        }
    }

    @Test
    void anotherSessionCannotRedeemAndDoesNotSpoilIt() throws Exception {
        String state = states.issue("session-1", TARGET);

        ManifestStateException e = assertThrows(ManifestStateException.class, () -> states.redeem(state, "session-2"));
        assertEquals(Reason.WRONG_SESSION, e.reason());
        assertTrue(e.getMessage().contains("another Jenkins session"), e.getMessage());
        assertEquals(TARGET, states.redeem(state, "session-1"), "the administrator can still finish");
    }

    @Test
    void statesExpireAfterAnHour() throws Exception {
        String state = states.issue("session-1", TARGET);
        String fresh = states.issue("session-1", TARGET);
        clock.advance(Duration.ofMinutes(59));
        assertEquals(TARGET, states.redeem(fresh, "session-1"));

        clock.advance(Duration.ofMinutes(1));
        ManifestStateException e = assertThrows(ManifestStateException.class, () -> states.redeem(state, "session-1"));
        assertEquals(Reason.EXPIRED, e.reason());
        assertTrue(e.getMessage().contains("more than 1 hour ago"), e.getMessage());
        assertTrue(e.getMessage().contains("Start the registration again"), e.getMessage());
    }

    @Test
    void longExpiredStatesAreForgotten() {
        String state = states.issue("session-1", TARGET);
        clock.advance(Duration.ofHours(3));

        ManifestStateException e = assertThrows(ManifestStateException.class, () -> {
            states.issue("session-2", TARGET); // issuing sweeps out what is long gone
            states.redeem(state, "session-1");
        });
        assertEquals(Reason.UNKNOWN, e.reason());
        assertEquals(1, states.size());
    }

    @Test
    void unknownAndMissingStatesAreRefused() {
        states.issue("session-1", TARGET);

        ManifestStateException unknown = assertThrows(ManifestStateException.class,
                () -> states.redeem("not-a-state-we-issued", "session-1"));
        assertEquals(Reason.UNKNOWN, unknown.reason());
        assertTrue(unknown.getMessage().contains("Jenkins restarted"), unknown.getMessage());
        assertFalse(unknown.getMessage().contains("not-a-state-we-issued"), "the state is never echoed");

        ManifestStateException missing = assertThrows(ManifestStateException.class, () -> states.redeem(null, "session-1"));
        assertEquals(Reason.UNKNOWN, missing.reason());
        assertTrue(missing.getMessage().contains("without the registration's state"), missing.getMessage());
    }

    @Test
    void theStoreIsBoundedByForgettingTheOldest() throws Exception {
        ManifestStates small = new ManifestStates(clock, Duration.ofHours(1), 2);
        String oldest = small.issue("s", TARGET);
        String middle = small.issue("s", TARGET);
        String newest = small.issue("s", OTHER_TARGET);

        assertEquals(2, small.size());
        assertEquals(Reason.UNKNOWN, assertThrows(ManifestStateException.class, () -> small.redeem(oldest, "s")).reason());
        assertEquals(TARGET, small.redeem(middle, "s"));
        assertEquals(OTHER_TARGET, small.redeem(newest, "s"));
    }

    @Test
    void aSessionIsRequired() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> states.issue(" ", TARGET));
        assertTrue(e.getMessage().contains("sign in to Jenkins"), e.getMessage());
        String state = states.issue("session-1", TARGET);
        assertThrows(IllegalArgumentException.class, () -> states.redeem(state, null));
    }

    @Test
    void toStringShowsNoState() {
        String state = states.issue("session-1", TARGET);
        assertFalse(states.toString().contains(state));
        assertFalse(states.toString().contains("session-1"));
        assertNotEquals("", states.toString());
    }

    @Test
    void targetsAreGitHubOnly() {
        assertThrows(IllegalArgumentException.class,
                () -> new ManifestTarget(HostCatalog.resolve(HostKind.GITLAB, ""), null, "system", ""));
        assertEquals("the organization 'acme' on github.com", TARGET.describe());
        assertEquals("your account on github.example.com", OTHER_TARGET.describe());
    }
}
