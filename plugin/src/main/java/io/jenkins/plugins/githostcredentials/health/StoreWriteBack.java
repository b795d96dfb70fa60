package io.jenkins.plugins.githostcredentials.health;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.model.Descriptor.FormException;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.core.rotation.RotatedToken;
import io.jenkins.plugins.githostcredentials.core.rotation.TokenWriteBack;
import io.jenkins.plugins.githostcredentials.credentials.GitLabTokenCredentials;
import java.io.IOException;

/**
 * Stores a rotated GitLab token in the credential it came from, in place: same store, domain, ID, scope,
 * description, server URL, git username and rotation option. Reads the credential again at each attempt, so a retry
 * replaces what the store holds then.
 */
final class StoreWriteBack implements TokenWriteBack {

    private final CredentialsStore store;
    private final Domain domain;
    private final String credentialId;

    StoreWriteBack(FoundCredential found) {
        this.store = found.store();
        this.domain = found.domain();
        this.credentialId = found.credentials().getId();
    }

    @Override
    public void store(RotatedToken rotated) throws IOException {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            GitLabTokenCredentials current = current();
            if (current.getToken().getPlainText().equals(rotated.token().reveal())) {
                // an earlier attempt got the token into the store but not onto disk: saving is all that is left
                store.save();
                return;
            }
            GitLabTokenCredentials replacement;
            try {
                replacement = current.withToken(Secret.fromString(rotated.token().reveal()));
            } catch (FormException refused) {
                throw new IOException(Messages.StoreWriteBack_refused(credentialId, refused.getMessage()), refused);
            }
            if (!store.updateCredentials(domain, current, replacement)) {
                throw new IOException(Messages.StoreWriteBack_notUpdated(credentialId, store.getContextDisplayName()));
            }
        }
    }

    private GitLabTokenCredentials current() throws IOException {
        for (Credentials credentials : store.getCredentials(domain)) {
            if (credentials instanceof GitLabTokenCredentials gitLab && gitLab.getId().equals(credentialId)) {
                return gitLab;
            }
        }
        throw new IOException(Messages.StoreWriteBack_gone(credentialId, store.getContextDisplayName()));
    }
}
