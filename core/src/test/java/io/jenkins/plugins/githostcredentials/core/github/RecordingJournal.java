package io.jenkins.plugins.githostcredentials.core.github;

import java.util.ArrayList;
import java.util.List;

/** A journal in memory that remembers what was recorded and forgotten, as the plugin's would on disk. */
final class RecordingJournal implements RevocationJournal {

    private final List<PendingRevocation> recorded = new ArrayList<>();
    final List<PendingRevocation> forgotten = new ArrayList<>();

    @Override
    public synchronized void record(PendingRevocation revocation) {
        recorded.add(revocation);
    }

    @Override
    public synchronized void forget(PendingRevocation revocation) {
        if (recorded.remove(revocation)) {
            forgotten.add(revocation);
        }
    }

    @Override
    public synchronized List<PendingRevocation> recorded() {
        return List.copyOf(recorded);
    }
}
