package io.jenkins.plugins.githostcredentials.credentials;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.CredentialsStore;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.Domain;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import hudson.model.Descriptor.FormException;
import hudson.model.RootAction;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.GitHostService;
import io.jenkins.plugins.githostcredentials.core.SecretText;
import io.jenkins.plugins.githostcredentials.core.github.AppManifest;
import io.jenkins.plugins.githostcredentials.core.github.ManifestConversionException;
import io.jenkins.plugins.githostcredentials.core.github.ManifestConversions;
import io.jenkins.plugins.githostcredentials.core.github.ManifestStateException;
import io.jenkins.plugins.githostcredentials.core.github.ManifestStates;
import io.jenkins.plugins.githostcredentials.core.github.ManifestTarget;
import io.jenkins.plugins.githostcredentials.core.github.RegisteredApp;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.ForwardToView;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerProxy;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.GET;
import org.kohsuke.stapler.verb.POST;

/**
 * "Create a GitHub App": GitHub's manifest flow, from Jenkins. The form ({@code index.jelly}) collects the choices,
 * {@link #doCreate} has core build the manifest and sends the browser to GitHub with it and a state value, and GitHub
 * sends the browser back to {@link #doCallback} with a code, which core exchanges for the new app's key; the
 * credential is then saved in the system store's global domain (folder stores would need the folders plugin, which
 * this plugin does not depend on). Every decision is core's; this class moves values between Stapler and core.
 *
 * <p>Who may use it: whoever may create credentials in the system store; for a GitHub Enterprise Server, also
 * Overall/Manage, since finishing the flow makes the controller call the URL typed in the form.
 */
@Extension
public final class GitHubAppManifestAction implements RootAction, StaplerProxy {

    private static final Logger LOGGER = Logger.getLogger(GitHubAppManifestAction.class.getName());

    static final String URL_NAME = "github-app-manifest";

    /** Identifies the system store in a {@link ManifestTarget}; the only store offered. */
    static final String SYSTEM_STORE = "system";

    /** {@link Domain#global()}'s identifier in a {@link ManifestTarget}. */
    static final String GLOBAL_DOMAIN = "";

    /** The requirement words offered as check boxes, in the order shown; core turns them into app permissions. */
    static final List<String> OFFERED_REQUIREMENTS =
            List.of("checkout", "push", "commit-status", "pull-request-comment", "checks", "atlantis");

    /** The registrations in progress: single-use states bound to the admin's HTTP session, kept in memory. */
    private final ManifestStates states = new ManifestStates();

    @CheckForNull
    @Override
    public String getIconFileName() {
        return mayCreate() ? "symbol-key" : null;
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return Messages.GitHubAppManifestAction_displayName();
    }

    @NonNull
    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /** Every page and method under this action needs permission to create credentials in the system store. */
    @Override
    public Object getTarget() {
        systemStore().checkPermission(CredentialsProvider.CREATE);
        return this;
    }

    /** What the form shows when it opens: an app name from the Jenkins URL, and checkout. */
    @Restricted(NoExternalUse.class)
    public Choices getDefaultChoices() {
        return new Choices(null, null, AppManifest.suggestedName(Jenkins.get().getRootUrl()), List.of("checkout"),
                null, false, null, false);
    }

    /** Where the GitHub plugin receives webhooks on this controller, as an example for the webhook URL field. */
    @Restricted(NoExternalUse.class)
    public String getWebhookUrlExample() {
        String root = configuredRootUrl();
        return (root == null ? "JENKINS_URL/" : root) + "github-webhook/";
    }

    /**
     * The form's submission: has core build and check the manifest, starts a registration bound to this browser's
     * session, and answers the page that posts the manifest to GitHub. A problem shows the form again with core's
     * message and the values entered.
     */
    @POST
    @Restricted(NoExternalUse.class)
    public HttpResponse doCreate(StaplerRequest2 req) {
        CredentialsStore store = systemStore();
        store.checkPermission(CredentialsProvider.CREATE);
        Choices choices = Choices.from(req);
        AppManifest manifest;
        ManifestTarget target;
        try {
            HostEndpoint github = GitHubTokenCredentials.resolveGitHub(choices.getServerUrl());
            checkMayCallHost(github);
            String root = rootUrl();
            if (choices.isWebhook() && choices.getWebhookUrl() == null) {
                throw new IllegalArgumentException(Messages.GitHubAppManifestAction_webhookUrlMissing(root));
            }
            manifest = AppManifest.builder()
                    .name(choices.getName())
                    .homepageUrl(root)
                    .redirectUrl(root + URL_NAME + "/callback")
                    .description(Messages.GitHubAppManifestAction_appDescription(root))
                    .publicApp(choices.isPublicApp())
                    .webhookUrl(choices.isWebhook() ? choices.getWebhookUrl() : null)
                    .require(choices.requirementWords())
                    .build();
            target = new ManifestTarget(github, choices.getOrganization(), SYSTEM_STORE, GLOBAL_DOMAIN);
        } catch (IllegalArgumentException e) {
            return page(400, "index").with("choices", choices).with("problem", e.getMessage());
        }
        String state = states.issue(req.getSession(true).getId(), target);
        String registrationUrl;
        try {
            registrationUrl = AppManifest.registrationUrl(target, state);
        } catch (IllegalArgumentException badOrganization) {
            // the unused state expires on its own
            return page(400, "index").with("choices", choices).with("problem", badOrganization.getMessage());
        }
        return page(200, "submit")
                .with("manifest", manifest.json())
                .with("registrationUrl", registrationUrl)
                .with("sending", Messages.GitHubAppManifestAction_sending(target.describe()))
                .with("enterprise", target.github().kind() != HostKind.GITHUB);
    }

    /**
     * Where GitHub sends the browser back after creating the app. It is a GET because GitHub redirects; it changes
     * something only for a state this controller issued to this same session a short while ago and never redeemed,
     * which a forged link cannot carry (that is the flow's CSRF protection, as GET requests carry no crumb). The
     * code is exchanged once, on the host the state was issued for, never one named by the request.
     */
    @GET
    @Restricted(NoExternalUse.class)
    public HttpResponse doCallback(StaplerRequest2 req, @QueryParameter String code, @QueryParameter String state) {
        CredentialsStore store = systemStore();
        store.checkPermission(CredentialsProvider.CREATE);
        HttpSession session = req.getSession(false);
        ManifestTarget target;
        try {
            target = states.redeem(state, session == null ? null : session.getId());
        } catch (ManifestStateException | IllegalArgumentException e) {
            // core's messages say what to do and never hold the state or the code
            return problem(400, e.getMessage());
        }
        checkMayCallHost(target.github());
        RegisteredApp app;
        try {
            app = new ManifestConversions(GitHostService.get().sessions().http())
                    .convert(target.github(), code);
        } catch (ManifestConversionException e) {
            return problem(502, e.getMessage());
        }
        Created created;
        try {
            created = save(store, app);
        } catch (IOException | FormException e) {
            LOGGER.log(Level.WARNING, "Could not save the credential of the new GitHub App " + app.slug(), e);
            return problem(500, Messages.GitHubAppManifestAction_notSaved(app.name(), e.getMessage(), app.htmlUrl()));
        }
        LOGGER.log(Level.INFO, "Saved the new GitHub App {0} on {1} as credential {2} in the system store",
                new Object[] {app.slug(), app.github().hostName(), created.getCredentialsId()});
        return page(200, "created").with("created", created);
    }

    /**
     * The app credential (and the webhook secret, when GitHub sent one) in the system store's global domain. The
     * client secret is not kept: nothing in this plugin signs users in through the app.
     */
    private static Created save(CredentialsStore store, RegisteredApp app) throws IOException, FormException {
        Domain domain = Domain.global();
        String host = app.github().hostName();
        String id = freeId(store, "github-app-" + app.slug());
        GitHubAppKeyCredentials credential = new GitHubAppKeyCredentials(CredentialsScope.GLOBAL, id,
                Messages.GitHubAppManifestAction_credentialDescription(app.name(), host), app.issuer(),
                Secret.fromString(app.pem().reveal()),
                app.github().kind() == HostKind.GITHUB ? null : app.github().serverUrl());
        credential.setOwner(Util.fixEmptyAndTrim(app.ownerLogin()));
        if (!store.addCredentials(domain, credential)) {
            throw new IOException(Messages.GitHubAppManifestAction_idTaken(id));
        }
        Optional<SecretText> webhookSecret = app.webhookSecret();
        if (webhookSecret.isEmpty()) {
            return new Created(app, id, null, null);
        }
        // The app credential is saved: a webhook secret that cannot be is reported on the result page, not as a
        // failure of the whole registration.
        String webhookSecretId = freeId(store, id + "-webhook-secret");
        StringCredentialsImpl secret = new StringCredentialsImpl(CredentialsScope.GLOBAL, webhookSecretId,
                Messages.GitHubAppManifestAction_webhookSecretDescription(app.name(), host),
                Secret.fromString(webhookSecret.get().reveal()));
        try {
            if (store.addCredentials(domain, secret)) {
                return new Created(app, id, webhookSecretId, null);
            }
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Could not save the webhook secret of the new GitHub App " + app.slug(), e);
        }
        return new Created(app, id, null, Messages.GitHubAppManifestAction_webhookSecretNotSaved(webhookSecretId));
    }

    /**
     * The readable ID when no credential of the store has it, in any domain, else a random one (never overwrite).
     * Read as the system: a user may create credentials without the permission to view them, and would otherwise see
     * none and pick a taken ID after GitHub had already created the app.
     */
    private static String freeId(CredentialsStore store, String wanted) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            for (Domain domain : store.getDomains()) {
                for (Credentials existing : store.getCredentials(domain)) {
                    if (existing instanceof IdCredentials withId && wanted.equals(withId.getId())) {
                        return UUID.randomUUID().toString();
                    }
                }
            }
        }
        return wanted;
    }

    /** Finishing the flow calls the host's API; a URL other than github.com's is one an admin typed. */
    private static void checkMayCallHost(HostEndpoint github) {
        if (github.kind() != HostKind.GITHUB) {
            Jenkins.get().checkPermission(Jenkins.MANAGE);
        }
    }

    private boolean mayCreate() {
        return systemStore().hasPermission(CredentialsProvider.CREATE);
    }

    /** The Jenkins root URL ending in '/', which GitHub needs to send the browser back. */
    private static String rootUrl() {
        String root = configuredRootUrl();
        if (root == null) {
            throw new IllegalArgumentException(Messages.GitHubAppManifestAction_noRootUrl());
        }
        return root;
    }

    /** The Jenkins root URL ending in '/', or null when Jenkins does not know it. */
    @CheckForNull
    private static String configuredRootUrl() {
        String root = Jenkins.get().getRootUrl();
        if (root == null || root.isBlank()) {
            return null;
        }
        return root.endsWith("/") ? root : root + "/";
    }

    @NonNull
    private static CredentialsStore systemStore() {
        CredentialsStore store = ExtensionList.lookupSingleton(SystemCredentialsProvider.ProviderImpl.class)
                .getStore(Jenkins.get());
        if (store == null) {
            throw new IllegalStateException("The credentials plugin provides no system credentials store");
        }
        return store;
    }

    /** A view of this action, answered with {@code status} (the view sets it with st:statusCode). */
    private ForwardToView page(int status, String view) {
        return HttpResponses.forwardToView(this, view).with("status", status);
    }

    private ForwardToView problem(int status, String message) {
        return page(status, "problem").with("problem", message);
    }

    /** What the admin chose in the form, read from the request, to build the manifest or show the form again. */
    @Restricted(NoExternalUse.class)
    public static final class Choices {
        private final String serverUrl;
        private final String organization;
        private final String name;
        private final List<String> requirements;
        private final String otherRequirements;
        private final boolean webhook;
        private final String webhookUrl;
        private final boolean publicApp;

        Choices(String serverUrl, String organization, String name, List<String> requirements,
                String otherRequirements, boolean webhook, String webhookUrl, boolean publicApp) {
            this.serverUrl = Util.fixEmptyAndTrim(serverUrl);
            this.organization = Util.fixEmptyAndTrim(organization);
            this.name = Util.fixEmptyAndTrim(name);
            this.requirements = List.copyOf(requirements);
            this.otherRequirements = Util.fixEmptyAndTrim(otherRequirements);
            this.webhook = webhook;
            this.webhookUrl = Util.fixEmptyAndTrim(webhookUrl);
            this.publicApp = publicApp;
        }

        static Choices from(StaplerRequest2 req) {
            String[] checked = req.getParameterValues("require");
            Set<String> offered = Set.copyOf(OFFERED_REQUIREMENTS);
            List<String> requirements = new ArrayList<>();
            if (checked != null) {
                Arrays.stream(checked).filter(offered::contains).distinct().forEach(requirements::add);
            }
            return new Choices(req.getParameter("serverUrl"), req.getParameter("organization"),
                    req.getParameter("name"), requirements, req.getParameter("otherRequirements"),
                    req.getParameter("webhook") != null, req.getParameter("webhookUrl"),
                    req.getParameter("publicApp") != null);
        }

        /** The checked words and the typed ones, as core's requirement parser reads them. */
        List<String> requirementWords() {
            List<String> words = new ArrayList<>(requirements);
            if (otherRequirements != null) {
                words.add(otherRequirements);
            }
            return words;
        }

        public List<String> getOfferedRequirements() {
            return OFFERED_REQUIREMENTS;
        }

        public boolean requires(String word) {
            return requirements.contains(word);
        }

        @CheckForNull
        public String getServerUrl() {
            return serverUrl;
        }

        @CheckForNull
        public String getOrganization() {
            return organization;
        }

        @CheckForNull
        public String getName() {
            return name;
        }

        @CheckForNull
        public String getOtherRequirements() {
            return otherRequirements;
        }

        public boolean isWebhook() {
            return webhook;
        }

        @CheckForNull
        public String getWebhookUrl() {
            return webhookUrl;
        }

        public boolean isPublicApp() {
            return publicApp;
        }
    }

    /** What the result page shows: where the app is and what was saved. No secret. */
    @Restricted(NoExternalUse.class)
    public static final class Created {
        private final String appName;
        private final String appUrl;
        private final String installationUrl;
        private final String host;
        private final String owner;
        private final String keyFingerprint;
        private final String credentialsId;
        private final String webhookSecretId;
        private final String webhookSecretProblem;

        Created(RegisteredApp app, String credentialsId, @CheckForNull String webhookSecretId,
                @CheckForNull String webhookSecretProblem) {
            this.appName = app.name();
            this.appUrl = webLink(app.htmlUrl());
            this.installationUrl = appUrl == null ? null : app.installationUrl();
            this.host = app.github().hostName();
            this.owner = app.ownerLogin();
            this.keyFingerprint = app.keyFingerprint();
            this.credentialsId = credentialsId;
            this.webhookSecretId = webhookSecretId;
            this.webhookSecretProblem = webhookSecretProblem;
        }

        /** What to do when GitHub sent a webhook secret that could not be saved; null otherwise. */
        @CheckForNull
        public String getWebhookSecretProblem() {
            return webhookSecretProblem;
        }

        /** GitHub's answer made into a link only when it is a web address (escaping keeps a script: URL working). */
        @CheckForNull
        private static String webLink(String url) {
            return url.startsWith("https://") || url.startsWith("http://") ? url : null;
        }

        public String getAppName() {
            return appName;
        }

        @CheckForNull
        public String getAppUrl() {
            return appUrl;
        }

        @CheckForNull
        public String getInstallationUrl() {
            return installationUrl;
        }

        public String getHost() {
            return host;
        }

        public String getOwner() {
            return owner;
        }

        public String getKeyFingerprint() {
            return keyFingerprint;
        }

        public String getCredentialsId() {
            return credentialsId;
        }

        @CheckForNull
        public String getWebhookSecretId() {
            return webhookSecretId;
        }
    }
}
