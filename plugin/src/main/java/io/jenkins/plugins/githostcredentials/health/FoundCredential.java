package io.jenkins.plugins.githostcredentials.health;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsNameProvider;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.CredentialsStoreAction;
import com.cloudbees.plugins.credentials.domains.Domain;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.ModelObject;
import io.jenkins.plugins.githostcredentials.credentials.AbstractGitHostCredentials;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * A credential of this plugin and the store and domain it lives in, found by {@link #inEveryStore()}.
 *
 * @param contextName the store's context: an item's full name, empty for Jenkins
 * @param updateUrl   the credential's update page relative to Jenkins' root URL, or null when its store shows none
 */
record FoundCredential(
        String key,
        String contextName,
        CredentialsStore store,
        Domain domain,
        AbstractGitHostCredentials credentials,
        String displayName,
        @CheckForNull String updateUrl) {

    /**
     * Every credential of this plugin in every store Jenkins knows: its own (system) store and the store of each item
     * group that has one (folders, organisation folders), without depending on the plugin that provides them. Call
     * as {@code ACL.SYSTEM2}.
     */
    @NonNull
    static List<FoundCredential> inEveryStore() {
        List<FoundCredential> found = new ArrayList<>();
        Jenkins jenkins = Jenkins.get();
        addFrom(jenkins, "", "manage/", found);
        for (Item item : jenkins.getAllItems(Item.class)) {
            if (item instanceof ItemGroup) {
                addFrom(item, item.getFullName(), item.getUrl(), found);
            }
        }
        return found;
    }

    private static void addFrom(ModelObject context, String contextName, String contextUrl, List<FoundCredential> found) {
        for (CredentialsStore store : CredentialsProvider.lookupStores(context)) {
            // lookupStores also yields the stores of the parents; each is visited from its own context
            if (store.getContext() != context) {
                continue;
            }
            CredentialsStoreAction action = store.getStoreAction();
            for (Domain domain : store.getDomains()) {
                for (Credentials credentials : store.getCredentials(domain)) {
                    if (credentials instanceof AbstractGitHostCredentials ours) {
                        String updateUrl = action == null ? null : contextUrl + "credentials/store/" + action.getUrlName()
                                + "/" + domain.getUrl() + "credential/" + Util.rawEncode(ours.getId()) + "/update";
                        found.add(new FoundCredential(HealthRecords.key(contextName, ours.getId()), contextName, store,
                                domain, ours, CredentialsNameProvider.name(ours), updateUrl));
                    }
                }
            }
        }
    }
}
