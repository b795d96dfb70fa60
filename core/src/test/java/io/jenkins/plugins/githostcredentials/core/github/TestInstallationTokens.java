package io.jenkins.plugins.githostcredentials.core.github;

import io.jenkins.plugins.githostcredentials.core.http.HostHttpClient;
import java.time.Clock;
import java.time.Duration;

/** Token services for tests outside this package, whose assertions need revocations to be done when a call returns. */
public final class TestInstallationTokens {

    private TestInstallationTokens() {}

    /** The default settings without linger, revoking on the releasing thread. */
    public static InstallationTokens revokingAtOnce(HostHttpClient http, Clock clock) {
        return new InstallationTokens(http, clock, TokenCacheSettings.defaults().withLinger(Duration.ZERO),
                RevocationJournal.IN_MEMORY_ONLY, new ManualBackground(clock));
    }
}
