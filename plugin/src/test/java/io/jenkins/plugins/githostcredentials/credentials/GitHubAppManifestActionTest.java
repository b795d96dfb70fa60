package io.jenkins.plugins.githostcredentials.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.ExtensionList;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.core.github.AppManifest;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppKey;
import java.io.File;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import jenkins.model.Jenkins;
import okhttp3.mockwebserver.RecordedRequest;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.html.HtmlCheckBoxInput;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * "Create a GitHub App" against a fake GitHub Enterprise Server: the form, the page that posts the manifest to
 * GitHub with a state, GitHub's redirect back with a code, the credential saved in the system store; refusals of a
 * reused code, a state from elsewhere and users without permission; no secret on any page or in any log line.
 */
@WithJenkins
class GitHubAppManifestActionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The one Jenkins of each test (asked for once: see GitHubAppStepTest). */
    private JenkinsRule r;

    private ManifestGitHub github;

    /** Held so that the level set on it stays while the test runs. */
    private static final Logger PLUGIN_LOGGER = Logger.getLogger("io.jenkins.plugins.githostcredentials");

    /**
     * Every log line of Jenkins, its plugins and ours, at every level of ours. The test's own browser and web server
     * (HtmlUnit, Jetty) are left out: they log the URLs the browser visits, GitHub's redirect with its code included.
     */
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler logCapture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            String source = record.getLoggerName() == null ? "" : record.getLoggerName();
            if (!source.startsWith("org.htmlunit") && !source.startsWith("org.eclipse.jetty")) {
                logged.add(formatter.format(record));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        github = new ManifestGitHub();
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ, CredentialsProvider.CREATE, CredentialsProvider.VIEW).everywhere().to("creator")
                .grant(Jenkins.READ).everywhere().to("reader"));
        logCapture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(logCapture);
        PLUGIN_LOGGER.setLevel(Level.ALL);
    }

    @AfterEach
    void tearDown() throws Exception {
        Logger.getLogger("").removeHandler(logCapture);
        PLUGIN_LOGGER.setLevel(null);
        github.close();
    }

    // ---------------------------------------------------------------- the whole flow

    @Test
    void adminCreatesTheAppAndTheCallbackSavesItsKeyInTheSystemStore() throws Exception {
        JenkinsRule.WebClient wc = admin();

        HtmlPage toGitHub = startRegistration(wc, defaultChoices());

        HtmlForm form = toGitHub.getFormByName("github");
        String action = form.getActionAttribute();
        assertTrue(action.startsWith(github.url() + "/organizations/acme/settings/apps/new?state="), action);
        String html = toGitHub.getWebResponse().getContentAsString();
        assertFalse(html.contains("hudson-behavior"), "no Jenkins page script, which would post Jenkins' crumb to GitHub");
        JsonNode manifest = JSON.readTree(form.<HtmlInput>getInputByName("manifest").getValue());
        assertEquals("Jenkins CI", manifest.path("name").asText());
        assertEquals(r.getURL() + "github-app-manifest/callback", manifest.path("redirect_url").asText());
        assertEquals(r.getURL().toString(), manifest.path("url").asText());
        assertEquals("read", manifest.path("default_permissions").path("contents").asText());
        assertEquals("write", manifest.path("default_permissions").path("statuses").asText());
        assertEquals("read", manifest.path("default_permissions").path("metadata").asText());
        assertEquals("https://jenkins.example.com/github-webhook/", manifest.path("hook_attributes").path("url").asText());
        assertFalse(manifest.path("public").asBoolean(true));

        HtmlPage created = wc.goTo(callback(ManifestGitHub.CODE, stateOf(action)));

        assertEquals(List.of("/api/v3/app-manifests/" + ManifestGitHub.CODE + "/conversions"), github.conversions);
        String expectedFingerprint = GitHubAppKey.parse(ManifestGitHub.PEM).fingerprint();
        assertEquals(expectedFingerprint, created.getElementById("key-fingerprint").getTextContent().strip());
        assertEquals(github.appUrl() + "/installations/new",
                created.getElementById("install-app").getAttribute("href"));
        assertTrue(created.asNormalizedText().contains("press Verify"), created.asNormalizedText());

        GitHubAppKeyCredentials app = find(GitHubAppKeyCredentials.class, "github-app-jenkins-ci");
        assertEquals(String.valueOf(ManifestGitHub.APP_ID), app.getAppId(), "GitHub Enterprise Server: the App ID");
        assertEquals(github.url(), app.getServerUrl());
        assertEquals("acme", app.getOwner());
        assertEquals(CredentialsScope.GLOBAL, app.getScope());
        assertEquals(expectedFingerprint, GitHubAppKey.parse(app.getPrivateKey().getPlainText()).fingerprint());
        StringCredentials webhookSecret = find(StringCredentials.class, "github-app-jenkins-ci-webhook-secret");
        assertEquals(ManifestGitHub.WEBHOOK_SECRET, webhookSecret.getSecret().getPlainText());

        assertNoSecretIn(created.getWebResponse().getContentAsString(), "the result page");
        assertNoSecretIn(html, "the page posting to GitHub");
        assertNoSecretIn(String.join("\n", logged), "the log");
        String stored = Files.readString(new File(r.jenkins.getRootDir(), "credentials.xml").toPath());
        assertFalse(stored.contains(ManifestGitHub.CLIENT_SECRET), "the client secret is not kept");
        assertFalse(stored.contains(ManifestGitHub.WEBHOOK_SECRET), "the webhook secret is stored encrypted");
        assertFalse(stored.contains(keyBody()), "the key is stored encrypted");
    }

    @Test
    void theBrowserPostsTheManifestFromTheFormToGitHubsRegistrationPage() throws Exception {
        JenkinsRule.WebClient wc = admin();
        HtmlPage page = wc.goTo("github-app-manifest/");
        HtmlForm form = page.getFormByName("github-app-manifest");
        assertEquals(AppManifest.suggestedName(r.getURL().toString()), form.<HtmlInput>getInputByName("name").getValue());
        List<HtmlInput> requirements = form.getInputsByName("require");
        assertEquals(List.of("checkout", "push", "commit-status", "pull-request-comment", "checks", "atlantis"),
                requirements.stream().map(HtmlInput::getValue).toList());
        assertTrue(((HtmlCheckBoxInput) requirements.get(0)).isChecked(), "checkout is chosen to begin with");
        assertFalse(((HtmlCheckBoxInput) form.getInputByName("webhook")).isChecked(), "no webhook by default");

        form.<HtmlInput>getInputByName("serverUrl").setValue(github.url());
        form.<HtmlInput>getInputByName("name").setValue("Jenkins CI");
        ((HtmlCheckBoxInput) requirements.get(1)).setChecked(true);
        form.getButtonByName("continue").click();
        wc.waitForBackgroundJavaScript(5000);

        RecordedRequest posted = github.registrations.poll(20, TimeUnit.SECONDS);
        assertNotNull(posted, "the page posted the manifest to GitHub");
        assertTrue(posted.getPath().startsWith("/settings/apps/new?state="), posted.getPath());
        String body = URLDecoder.decode(posted.getBody().readUtf8(), StandardCharsets.UTF_8);
        assertTrue(body.startsWith("manifest="), body);
        JsonNode manifest = JSON.readTree(body.substring("manifest=".length()));
        assertEquals("write", manifest.path("default_permissions").path("contents").asText(), "push was chosen");
        assertTrue(manifest.path("hook_attributes").isMissingNode(), "no webhook: " + manifest);
        assertFalse(body.contains("Jenkins-Crumb"), "Jenkins' crumb stays in Jenkins: " + body);
    }

    @Test
    void anUnusableChoiceShowsTheFormAgainWithWhatToFix() throws Exception {
        JenkinsRule.WebClient wc = admin();
        wc.getOptions().setThrowExceptionOnFailingStatusCode(false);
        List<NameValuePair> choices = defaultChoices();
        choices.removeIf(pair -> pair.getName().equals("webhookUrl"));
        choices.add(new NameValuePair("otherRequirements", "github:repo"));

        HtmlPage again = startRegistration(wc, choices);

        assertEquals(400, again.getWebResponse().getStatusCode());
        String problem = again.getElementById("github-app-manifest-problem").getTextContent();
        assertTrue(problem.contains("The webhook is on but has no URL"), problem);
        assertEquals("Jenkins CI", again.getFormByName("github-app-manifest").<HtmlInput>getInputByName("name").getValue(),
                "the values entered are kept");

        choices.add(new NameValuePair("webhookUrl", "https://jenkins.example.com/github-webhook/"));
        HtmlPage refused = startRegistration(wc, choices);
        String coreProblem = refused.getElementById("github-app-manifest-problem").getTextContent();
        assertTrue(coreProblem.contains("is not a GitHub App permission but a classic token scope"), coreProblem);
        assertTrue(github.conversions.isEmpty());
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void theSameRedirectTwiceAndAReusedCodeAreRefusedWithWhatToDo() throws Exception {
        JenkinsRule.WebClient wc = admin();
        String state = stateOf(startRegistration(wc, defaultChoices()).getFormByName("github").getActionAttribute());
        wc.goTo(callback(ManifestGitHub.CODE, state));
        wc.getOptions().setThrowExceptionOnFailingStatusCode(false);

        HtmlPage reloaded = wc.goTo(callback(ManifestGitHub.CODE, state));
        assertEquals(400, reloaded.getWebResponse().getStatusCode());
        assertTrue(problemOf(reloaded).contains("already completed"), problemOf(reloaded));
        assertEquals(1, github.conversions.size(), "a reloaded redirect does not reach GitHub");

        String fresh = stateOf(startRegistration(wc, defaultChoices()).getFormByName("github").getActionAttribute());
        HtmlPage reusedCode = wc.goTo(callback(ManifestGitHub.CODE, fresh));
        assertEquals(502, reusedCode.getWebResponse().getStatusCode());
        assertTrue(problemOf(reusedCode).contains("works only once"), problemOf(reusedCode));
        assertTrue(problemOf(reusedCode).contains("Start the registration again"), problemOf(reusedCode));
        assertFalse(reusedCode.getWebResponse().getContentAsString().contains(ManifestGitHub.CODE), "no code shown");
        assertEquals(1, credentialsOfType(GitHubAppKeyCredentials.class), "one app, one credential");
    }

    @Test
    void aStateThisJenkinsDidNotIssueOrIssuedToAnotherSessionIsRefusedWithoutCallingGitHub() throws Exception {
        JenkinsRule.WebClient started = admin();
        String state = stateOf(startRegistration(started, defaultChoices()).getFormByName("github").getActionAttribute());
        JenkinsRule.WebClient elsewhere = admin();
        elsewhere.getOptions().setThrowExceptionOnFailingStatusCode(false);

        HtmlPage unknown = elsewhere.goTo(callback(ManifestGitHub.CODE, "x".repeat(43)));
        assertEquals(400, unknown.getWebResponse().getStatusCode());
        assertTrue(problemOf(unknown).contains("was not started here"), problemOf(unknown));

        HtmlPage otherSession = elsewhere.goTo(callback(ManifestGitHub.CODE, state));
        assertEquals(400, otherSession.getWebResponse().getStatusCode());
        assertTrue(problemOf(otherSession).contains("another Jenkins session"), problemOf(otherSession));
        assertTrue(github.conversions.isEmpty(), "nothing reached GitHub");
        assertEquals(0, credentialsOfType(GitHubAppKeyCredentials.class));

        started.goTo(callback(ManifestGitHub.CODE, state));
        assertEquals(1, credentialsOfType(GitHubAppKeyCredentials.class), "a refused attempt does not spoil the admin's");
    }

    @Test
    void aUserWhoMayNotCreateCredentialsGetsNeitherThePageNorTheMethods() throws Exception {
        JenkinsRule.WebClient reader = r.createWebClient().login("reader");
        reader.assertFails("github-app-manifest/", 403);
        reader.getOptions().setThrowExceptionOnFailingStatusCode(false);
        reader.getOptions().setJavaScriptEnabled(false);
        WebRequest create = new WebRequest(reader.createCrumbedUrl("github-app-manifest/create"), HttpMethod.POST);
        create.setRequestParameters(defaultChoices());
        assertEquals(403, reader.getPage(create).getWebResponse().getStatusCode());

        JenkinsRule.WebClient wc = admin();
        String state = stateOf(startRegistration(wc, defaultChoices()).getFormByName("github").getActionAttribute());
        Page refused = reader.goTo(callback(ManifestGitHub.CODE, state), null);
        assertEquals(403, refused.getWebResponse().getStatusCode());
        assertTrue(github.conversions.isEmpty(), "nothing reached GitHub");
        GitHubAppManifestAction action = ExtensionList.lookupSingleton(GitHubAppManifestAction.class);
        try (ACLContext ignored = ACL.as2(User.getById("reader", true).impersonate2())) {
            assertNull(action.getIconFileName(), "no link in the side panel");
        }
        try (ACLContext ignored = ACL.as2(User.getById("admin", true).impersonate2())) {
            assertNotNull(action.getIconFileName());
        }

        wc.goTo(callback(ManifestGitHub.CODE, state));
        assertEquals(1, credentialsOfType(GitHubAppKeyCredentials.class), "the admin's registration still completes");
    }

    @Test
    void aUserWhoMayCreateCredentialsButNotManageJenkinsMayRegisterOnGitHubDotComOnly() throws Exception {
        JenkinsRule.WebClient creator = r.createWebClient().login("creator");
        List<NameValuePair> onGitHubDotCom = defaultChoices();
        onGitHubDotCom.removeIf(pair -> pair.getName().equals("serverUrl"));

        HtmlPage toGitHub = startRegistration(creator, onGitHubDotCom);
        assertTrue(toGitHub.getFormByName("github").getActionAttribute()
                .startsWith("https://github.com/organizations/acme/settings/apps/new?state="));

        creator.getOptions().setThrowExceptionOnFailingStatusCode(false);
        Page enterprise = startRegistrationPage(creator, defaultChoices());
        assertEquals(403, enterprise.getWebResponse().getStatusCode(),
                "finishing the flow would make the controller call the URL typed in the form");
    }

    @Test
    void aTakenIdIsNeverReusedEvenByAUserWhoMayCreateButNotViewCredentials() throws Exception {
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Jenkins.MANAGE, CredentialsProvider.CREATE).everywhere().to("blind"));
        SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "github-app-jenkins-ci", "already here", Secret.fromString("unrelated")));
        SystemCredentialsProvider.getInstance().save();
        JenkinsRule.WebClient blind = r.createWebClient().login("blind");

        HtmlPage toGitHub = startRegistration(blind, defaultChoices());
        HtmlPage created = blind.goTo(callback(ManifestGitHub.CODE, stateOf(toGitHub.getFormByName("github")
                .getActionAttribute())));

        String id = created.getElementById("credentials-id").getTextContent().strip();
        assertNotEquals("github-app-jenkins-ci", id, "the taken ID was chosen for the new credential");
        assertEquals(String.valueOf(ManifestGitHub.APP_ID), find(GitHubAppKeyCredentials.class, id).getAppId());
        assertEquals("already here", find(StringCredentials.class, "github-app-jenkins-ci").getDescription());
    }

    // ---------------------------------------------------------------- helpers

    private JenkinsRule.WebClient admin() throws Exception {
        return r.createWebClient().login("admin");
    }

    /** The form's values for an organization app on the fake server, with checkout, commit statuses and a webhook. */
    private List<NameValuePair> defaultChoices() {
        return new ArrayList<>(List.of(
                new NameValuePair("serverUrl", github.url()),
                new NameValuePair("organization", "acme"),
                new NameValuePair("name", "Jenkins CI"),
                new NameValuePair("require", "checkout"),
                new NameValuePair("require", "commit-status"),
                new NameValuePair("webhook", "on"),
                new NameValuePair("webhookUrl", "https://jenkins.example.com/github-webhook/")));
    }

    /** Submits the form as the browser would, scripts off so that the answer is the page that would post to GitHub. */
    private HtmlPage startRegistration(JenkinsRule.WebClient wc, List<NameValuePair> choices) throws Exception {
        return (HtmlPage) startRegistrationPage(wc, choices);
    }

    private Page startRegistrationPage(JenkinsRule.WebClient wc, List<NameValuePair> choices) throws Exception {
        wc.getOptions().setJavaScriptEnabled(false);
        WebRequest request = new WebRequest(wc.createCrumbedUrl("github-app-manifest/create"), HttpMethod.POST);
        request.setRequestParameters(new ArrayList<>(choices));
        return wc.getPage(request);
    }

    private static String stateOf(String registrationUrl) {
        String encoded = registrationUrl.substring(registrationUrl.indexOf("?state=") + "?state=".length());
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }

    private static String callback(String code, String state) {
        return "github-app-manifest/callback?code=" + code + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }

    private static String problemOf(HtmlPage page) {
        return page.getElementById("github-app-manifest-problem").getTextContent();
    }

    private <C extends IdCredentials> C find(Class<C> type, String id) {
        for (Credentials credentials : SystemCredentialsProvider.getInstance().getCredentials()) {
            if (type.isInstance(credentials) && id.equals(((IdCredentials) credentials).getId())) {
                return type.cast(credentials);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " with ID " + id + " in the system store");
    }

    private static long credentialsOfType(Class<?> type) {
        return SystemCredentialsProvider.getInstance().getCredentials().stream().filter(type::isInstance).count();
    }

    private static String keyBody() {
        return ManifestGitHub.PEM.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
    }

    private void assertNoSecretIn(String text, String where) {
        assertFalse(text.contains(keyBody()), "the private key in " + where);
        assertFalse(text.contains(ManifestGitHub.CLIENT_SECRET), "the client secret in " + where);
        assertFalse(text.contains(ManifestGitHub.WEBHOOK_SECRET), "the webhook secret in " + where);
        assertFalse(text.contains(ManifestGitHub.CODE), "the code in " + where);
    }
}
