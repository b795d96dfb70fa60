package io.jenkins.plugins.githostcredentials.health;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.BulkChange;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Saveable;
import hudson.model.listeners.SaveableListener;
import io.jenkins.plugins.githostcredentials.core.health.HealthStatus;
import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * The last health check result of every credential of this plugin, and the lines an administrator dismissed. Kept in
 * its own file under JENKINS_HOME, not in the credentials' XML, so a check never rewrites a credential store. Holds
 * core's plain values only: no token, key or secret is ever in it.
 *
 * <p>Keyed by the store's context (an item's full name, empty for Jenkins itself) and the credential ID: item names
 * cannot contain {@code |}, so {@code context|id} is unambiguous.
 */
@Extension
public final class HealthRecords implements Saveable {

    private static final Logger LOGGER = Logger.getLogger(HealthRecords.class.getName());

    private Map<String, Entry> entries = new TreeMap<>();

    public HealthRecords() {
        XmlFile file = file();
        if (file.exists()) {
            try {
                file.unmarshal(this);
            } catch (IOException e) {
                // the next check writes a fresh state; at worst a dismissed line shows again
                LOGGER.log(Level.WARNING, "Could not read the credential health state in " + file + "; starting afresh", e);
            }
        }
        if (entries == null) {
            entries = new TreeMap<>();
        }
    }

    @NonNull
    public static HealthRecords get() {
        return ExtensionList.lookupSingleton(HealthRecords.class);
    }

    /** The key of a credential: its store's context and its ID. */
    @NonNull
    static String key(@NonNull String contextName, @NonNull String credentialId) {
        return contextName + "|" + credentialId;
    }

    /** The context name of a store's context: an item's full name, empty for Jenkins. */
    @NonNull
    static String contextName(@CheckForNull Object context) {
        return context instanceof Item item ? item.getFullName() : "";
    }

    @NonNull
    synchronized Optional<HealthStatus> status(@NonNull String key) {
        Entry entry = entries.get(key);
        return entry == null ? Optional.empty() : HealthStatus.fromPlainValues(entry.values);
    }

    /**
     * Stores one check's results and forgets credentials that no longer exist.
     *
     * @param checked the results, each with what the monitor needs to name and link the credential
     * @param present the keys of every credential that exists now (including any the check skipped)
     */
    synchronized void record(@NonNull Map<FoundCredential, HealthStatus> checked, @NonNull Set<String> present) {
        entries.keySet().retainAll(present);
        checked.forEach((credential, status) -> {
            Entry entry = entries.computeIfAbsent(credential.key(), key -> new Entry());
            entry.contextName = credential.contextName();
            entry.credentialName = credential.displayName();
            entry.updateUrl = credential.updateUrl();
            entry.values = new TreeMap<>(status.toPlainValues());
        });
        saveQuietly();
    }

    /**
     * Hides a credential's line until its state changes: the current fingerprint is remembered, and the line shows
     * again as soon as a check gives a different one.
     *
     * @return false when there is no such credential
     */
    synchronized boolean dismiss(@NonNull String key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return false;
        }
        Optional<HealthStatus> status = HealthStatus.fromPlainValues(entry.values);
        if (status.isEmpty()) {
            return false;
        }
        entry.dismissedFingerprint = status.get().fingerprint();
        saveQuietly();
        return true;
    }

    /** What needs an administrator's attention and was not dismissed, most urgent first, then by name. */
    @NonNull
    synchronized List<AttentionLine> attentionLines() {
        List<AttentionLine> lines = new ArrayList<>();
        entries.forEach((key, entry) -> HealthStatus.fromPlainValues(entry.values)
                .filter(HealthStatus::needsAttention)
                .filter(status -> !status.fingerprint().equals(entry.dismissedFingerprint))
                .ifPresent(status -> lines.add(new AttentionLine(key, entry.credentialName, entry.contextName,
                        entry.updateUrl, status))));
        lines.sort(Comparator.comparing(AttentionLine::status, HealthStatus.MOST_URGENT_FIRST)
                .thenComparing(AttentionLine::getCredentialName));
        return lines;
    }

    /**
     * The last status of the credential a job with this ID would use: the nearest folder's first, then Jenkins'
     * (the order in which credentials are looked up for a job).
     */
    @NonNull
    synchronized Optional<HealthStatus> nearestTo(@NonNull Item job, @NonNull String credentialId) {
        ItemGroup<?> group = job.getParent();
        while (group instanceof Item folder) {
            Optional<HealthStatus> status = status(key(folder.getFullName(), credentialId));
            if (status.isPresent()) {
                return status;
            }
            group = folder.getParent();
        }
        return status(key("", credentialId));
    }

    /**
     * For the credential's own page: "checked 2 h ago: OK, expires 2027-01-10", or empty when never checked. The
     * caller decides who may see it.
     *
     * @param folder the item whose store holds the credential, or null for Jenkins' own store
     */
    @NonNull
    @Restricted(NoExternalUse.class)
    public synchronized Optional<String> lastCheckOf(@CheckForNull Item folder, @NonNull String credentialId,
            @NonNull Instant now) {
        return status(key(contextName(folder), credentialId)).map(status -> status.describe(now));
    }

    @Override
    public synchronized void save() throws IOException {
        if (BulkChange.contains(this)) {
            return;
        }
        XmlFile file = file();
        file.write(this);
        SaveableListener.fireOnChange(this, file);
    }

    private void saveQuietly() {
        try {
            save();
        } catch (IOException e) {
            // the state lives on in memory; the monitor still shows it
            LOGGER.log(Level.WARNING, "Could not save the credential health state", e);
        }
    }

    private static XmlFile file() {
        return new XmlFile(Jenkins.XSTREAM2, new File(Jenkins.get().getRootDir(), HealthRecords.class.getName() + ".xml"));
    }

    /** One credential's last result, as persisted. */
    static final class Entry {
        String contextName;
        String credentialName;
        /** The credential's update page, relative to Jenkins' root URL. */
        String updateUrl;
        /** {@link HealthStatus#toPlainValues()}: no secret. */
        Map<String, String> values = new TreeMap<>();
        /** The fingerprint of the state an administrator dismissed, or null. */
        String dismissedFingerprint;
    }
}
