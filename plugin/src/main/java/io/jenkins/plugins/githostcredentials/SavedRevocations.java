package io.jenkins.plugins.githostcredentials;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.XmlFile;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.github.PendingRevocation;
import io.jenkins.plugins.githostcredentials.core.github.RevocationJournal;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * The GitHub App installation tokens minted and not yet revoked, kept in {@code JENKINS_HOME} so that a controller
 * restart does not leave them valid: the next start revokes them. GitHub revokes a token only when called with the
 * token itself, so the file holds it, encrypted with Jenkins' {@link Secret} (readable only with this controller's
 * master key, as every stored credential is). An entry lives at most an hour: tokens expire then.
 */
final class SavedRevocations implements RevocationJournal {

    private static final Logger LOGGER = Logger.getLogger(SavedRevocations.class.getName());

    private final XmlFile file;
    private final Set<PendingRevocation> pending = new LinkedHashSet<>();

    private SavedRevocations(XmlFile file) {
        this.file = file;
    }

    /** The journal of this controller, with what the previous run left in it. */
    @NonNull
    static SavedRevocations load() {
        XmlFile file = new XmlFile(Jenkins.XSTREAM2,
                new File(Jenkins.get().getRootDir(), SavedRevocations.class.getName() + ".xml"));
        SavedRevocations journal = new SavedRevocations(file);
        if (file.exists()) {
            try {
                Saved saved = (Saved) file.read();
                if (saved.entries != null) {
                    for (Saved.Entry entry : saved.entries) {
                        journal.pending.add(entry.toPending());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // An unreadable journal loses nothing but early revocation: the tokens expire within the hour.
                LOGGER.log(Level.WARNING, "Could not read " + file + "; GitHub App tokens minted before the restart "
                        + "are left to expire (at most an hour) instead of being revoked", e);
            }
        }
        return journal;
    }

    @Override
    public synchronized void record(PendingRevocation revocation) {
        if (pending.add(revocation)) {
            save();
        }
    }

    @Override
    public synchronized void forget(PendingRevocation revocation) {
        if (pending.remove(revocation)) {
            save();
        }
    }

    @Override
    public synchronized List<PendingRevocation> recorded() {
        return List.copyOf(pending);
    }

    private void save() {
        List<Saved.Entry> entries = new ArrayList<>();
        for (PendingRevocation revocation : pending) {
            entries.add(Saved.Entry.of(revocation));
        }
        try {
            file.write(new Saved(entries));
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Could not write " + file + "; after a restart, GitHub App tokens minted before "
                    + "it may be left to expire instead of being revoked", e);
        }
    }

    /** The file's form: every token a {@link Secret}, so XStream writes it encrypted. */
    static final class Saved {
        private final List<Entry> entries;

        Saved(List<Entry> entries) {
            this.entries = entries;
        }

        static final class Entry {
            private final String apiBaseUrl;
            private final long installationId;
            private final Secret token;
            private final String expiresAt;

            private Entry(String apiBaseUrl, long installationId, Secret token, String expiresAt) {
                this.apiBaseUrl = apiBaseUrl;
                this.installationId = installationId;
                this.token = token;
                this.expiresAt = expiresAt;
            }

            static Entry of(PendingRevocation revocation) {
                return new Entry(revocation.apiBaseUrl(), revocation.installationId(),
                        Secret.fromString(revocation.token().reveal()), revocation.expiresAt().toString());
            }

            PendingRevocation toPending() {
                return new PendingRevocation(
                        apiBaseUrl, installationId, SecretText.of(token.getPlainText()), Instant.parse(expiresAt));
            }
        }
    }
}
