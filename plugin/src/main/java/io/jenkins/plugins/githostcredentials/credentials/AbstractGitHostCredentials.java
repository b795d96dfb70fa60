package io.jenkins.plugins.githostcredentials.credentials;

import com.cloudbees.plugins.credentials.CredentialsNameProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.NameWith;
import com.cloudbees.plugins.credentials.impl.BaseStandardCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Util;
import hudson.model.Descriptor.FormException;
import hudson.model.Item;
import hudson.model.ModelObject;
import hudson.model.User;
import hudson.util.FormValidation;
import io.jenkins.plugins.githostcredentials.GitHostCredentials;
import io.jenkins.plugins.githostcredentials.GitHostService;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppException;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.inspect.InspectionReport;
import io.jenkins.plugins.githostcredentials.health.HealthRecords;
import java.time.Instant;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.Stapler;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * What every credential type of this plugin shares: ID, description and scope, a name for drop-downs, usernames that
 * are not secret, and a descriptor with the permission rules and the Verify button.
 */
@NameWith(value = AbstractGitHostCredentials.NameProvider.class, priority = 64)
public abstract class AbstractGitHostCredentials extends BaseStandardCredentials implements GitHostCredentials {

    private static final long serialVersionUID = 1L;

    protected AbstractGitHostCredentials(
            @CheckForNull CredentialsScope scope, @CheckForNull String id, @CheckForNull String description) {
        super(scope, id, description);
    }

    /**
     * The host this credential is for, resolved by core from what the admin entered.
     *
     * @throws IllegalArgumentException with core's message when the stored URL no longer resolves
     */
    @NonNull
    public abstract HostEndpoint endpoint();

    /**
     * Usernames here are host conventions ({@code x-access-token}, {@code oauth2}, {@code x-token-auth}) or account
     * names, not secrets: masking them would hide those words in every build log.
     */
    @Override
    public boolean isUsernameSecret() {
        return false;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + getId() + ", host=" + hostNameOrUnknown(this) + "]";
    }

    private static String hostNameOrUnknown(AbstractGitHostCredentials credentials) {
        try {
            return credentials.endpoint().hostName();
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    /** "GitLab token for gitlab.example.com (deploy bot)": the kind, the host and the description. */
    public static final class NameProvider extends CredentialsNameProvider<AbstractGitHostCredentials> {
        @NonNull
        @Override
        public String getName(@NonNull AbstractGitHostCredentials credentials) {
            String description = Util.fixEmptyAndTrim(credentials.getDescription());
            String name = Messages.AbstractGitHostCredentials_name(
                    credentials.getDescriptor().getDisplayName(), hostNameOrUnknown(credentials));
            return description == null ? name : name + " (" + description + ")";
        }
    }

    /**
     * Builds a credential from unsaved form values, so the Verify button checks what the admin sees; the same
     * constructor validation as on save applies.
     */
    @FunctionalInterface
    protected interface FormCredentials {
        GitHostCredentials build() throws FormException;
    }

    /**
     * The permission rules, the Verify button and the last health check, shared by every kind. Public so that Jelly
     * can call {@link #lastHealthCheck} (JEXL finds methods of public classes only).
     */
    public abstract static class GitHostCredentialsDescriptor extends BaseStandardCredentialsDescriptor {

        /**
         * Whether the current user may run checks and the Verify button for credentials in {@code context}: Overall/Manage
         * for the system store (and per-user stores), Item/Configure for a folder's store. The checks call out to URLs
         * the user typed, so anyone else gets nothing (no validation message, no network call).
         *
         * @param context the credentials store's context found from the request, or null for the root
         */
        protected static boolean mayCheck(@CheckForNull ModelObject context) {
            if (context instanceof Item item) {
                return item.hasPermission(Item.CONFIGURE);
            }
            return Jenkins.get().hasPermission(Jenkins.MANAGE);
        }

        /**
         * The last health check's result for the credential being edited, shown next to Verify: "checked 2 h ago: OK,
         * expires 2027-01-10". Only for users who may configure the store's context (as for Verify); null for anyone
         * else, for a new credential, and for one never checked.
         */
        @CheckForNull
        @Restricted(NoExternalUse.class)
        public String lastHealthCheck(@CheckForNull AbstractGitHostCredentials credentials) {
            if (credentials == null) {
                return null;
            }
            StaplerRequest2 request = Stapler.getCurrentRequest2();
            if (request != null && request.findAncestorObject(User.class) != null) {
                return null; // per-user stores are not checked; the system credential of the same ID is another one
            }
            Item folder = request == null ? null : request.findAncestorObject(Item.class);
            if (!mayCheck(folder)) {
                return null;
            }
            return HealthRecords.get().lastCheckOf(folder, credentials.getId(), Instant.now()).orElse(null);
        }

        /** Runs a local check (no network) for a permitted user; others get an empty OK. */
        protected static FormValidation check(@CheckForNull ModelObject context, LocalCheck check) {
            if (!mayCheck(context)) {
                return FormValidation.ok();
            }
            try {
                return check.run();
            } catch (IllegalArgumentException e) {
                // core's messages say what to fix and never contain the secret
                return FormValidation.error(e.getMessage());
            }
        }

        /** A form check that reports a core rule violation as {@link IllegalArgumentException}. */
        @FunctionalInterface
        protected interface LocalCheck {
            FormValidation run();
        }

        /**
         * The Verify button: asks the host what the unsaved credential can do and shows core's report.
         *
         * @param repository the repository to check against, or blank for identity and grants only
         * @param requirements the capabilities to check, in core's requirement words, or blank
         */
        protected static FormValidation verify(
                @CheckForNull ModelObject context, FormCredentials candidate, String repository, String requirements) {
            if (!mayCheck(context)) {
                return FormValidation.ok();
            }
            GitHostCredentials credentials;
            try {
                credentials = candidate.build();
            } catch (FormException | IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
            InspectionReport report;
            try {
                report = GitHostService.get()
                        .verify(credentials.tokenSource(), Util.fixEmptyAndTrim(repository), requirements);
            } catch (GitHubAppException | IllegalArgumentException e) {
                // core's messages say what to fix and never contain a key or token
                return FormValidation.error(e.getMessage());
            }
            String html = report.toHtml();
            if (report.passed()) {
                return report.warnings().isEmpty()
                        ? FormValidation.okWithMarkup(html)
                        : FormValidation.warningWithMarkup(html);
            }
            return FormValidation.errorWithMarkup(html);
        }
    }
}
