package io.jenkins.plugins.githostcredentials.health;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.githostcredentials.core.health.BuildLogNotice;
import io.jenkins.plugins.githostcredentials.core.session.TokenSession;
import java.time.Instant;
import java.util.Optional;

/**
 * The one line a block prints when its token expires within the warning period, so the people running jobs learn of
 * it too. It never shows the token, and it costs no host call: it reads the preflight the block already made, or else
 * the expiry the last health check stored.
 */
public final class ExpiryNotice {

    private ExpiryNotice() {}

    public static void print(@NonNull TaskListener listener, @NonNull Run<?, ?> run, @NonNull String credentialsId,
            @NonNull TokenSession session) {
        if (session.renewsToken()) {
            // a GitHub App's tokens are minted per block and short-lived by design: nothing to warn about
            return;
        }
        int days = CredentialHealthSettings.get().getExpiryWarningDays();
        Instant now = Instant.now();
        Optional<String> line = session.preflightReports().stream()
                .map(report -> BuildLogNotice.expiryNotice(report, days, now))
                .flatMap(Optional::stream)
                .findFirst();
        if (line.isEmpty()) {
            line = HealthRecords.get().nearestTo(run.getParent(), credentialsId).flatMap(status ->
                    BuildLogNotice.expiryNotice(session.endpoint().kind(), status.expiresAt(), days, now));
        }
        line.ifPresent(listener.getLogger()::println);
    }
}
