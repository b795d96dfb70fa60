package io.jenkins.plugins.githostcredentials.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.ExtensionList;
import hudson.model.TaskListener;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.credentials.AbstractGitHostCredentials;
import io.jenkins.plugins.githostcredentials.credentials.GitLabTokenCredentials;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The periodic check against a fake GitLab, as administrators and other users see its results: the Manage Jenkins
 * monitor (order, dismissal, who sees it), the line in the credential's form, the build log notice, and nothing
 * secret in the stored state or on any page.
 */
@WithJenkins
class CredentialHealthTest {

    static final String SOON = "glpat-" + "S00nExp1resAbcdEfgh";
    static final String EXPIRED = "glpat-" + "Exp1redAlreadyXyzWv";
    static final String REVOKED = "glpat-" + "Rev0kedByAdminQrsTu";
    static final String LATER = "glpat-" + "Lat3rExp1resMnoPqrs";
    static final List<String> TOKENS = List.of(SOON, EXPIRED, REVOKED, LATER);

    private JenkinsRule r;
    private FakeGitLab gitlab;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER).everywhere().to("admin")
                .grant(Jenkins.READ).everywhere().to("reader")
                .grant(Jenkins.READ, CredentialsProvider.VIEW, CredentialsProvider.UPDATE).everywhere()
                .to("credentials-editor"));
        gitlab = new FakeGitLab();
        gitlab.issue(SOON, FakeGitLab.today().plusDays(3), "api");
        gitlab.issue(EXPIRED, FakeGitLab.today().minusDays(1), "api");
        gitlab.issue(LATER, FakeGitLab.today().plusDays(100), "api");
        // REVOKED is unknown to GitLab: it answers 401, as for a revoked token
    }

    @AfterEach
    void tearDown() throws Exception {
        gitlab.close();
    }

    private void store(String id, String description, String token) throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new GitLabTokenCredentials(
                CredentialsScope.GLOBAL, id, description, gitlab.url(), Secret.fromString(token)));
        SystemCredentialsProvider.getInstance().save();
    }

    private void storeAll() throws Exception {
        store("soon", "expiring one", SOON);
        store("expired", "expired one", EXPIRED);
        store("revoked", "revoked one", REVOKED);
        store("later", "fine one", LATER);
    }

    private String monitorText(JenkinsRule.WebClient wc) throws Exception {
        return wc.goTo("manage").getElementById("git-host-credential-health").getTextContent();
    }

    @Test
    void adminsSeeWhatNeedsAttentionMostUrgentFirstAndNobodyElseSeesIt() throws Exception {
        storeAll();

        assertEquals(4, CredentialHealthCheck.get().checkNow());

        String monitor = monitorText(r.createWebClient().login("admin"));
        int expired = monitor.indexOf("expired one");
        int revoked = monitor.indexOf("revoked one");
        int soon = monitor.indexOf("expiring one");
        assertTrue(expired >= 0 && revoked > expired && soon > revoked, "expired, then revoked, then expiring: " + monitor);
        assertTrue(monitor.contains("expired on " + FakeGitLab.today().minusDays(1)), monitor);
        assertTrue(monitor.contains("rejected"), monitor);
        assertTrue(monitor.contains("expires in 2 days (" + FakeGitLab.today().plusDays(3) + ")"), monitor);
        assertTrue(monitor.contains("Create a new token in GitLab"), "says what to do: " + monitor);
        assertFalse(monitor.contains("fine one"), "a token expiring in 100 days needs nothing: " + monitor);
        assertTrue(r.createWebClient().login("admin").goTo("manage").getWebResponse().getContentAsString()
                .contains("manage/credentials/store/system/domain/_/credential/soon/update"), "links the credential");

        JenkinsRule.WebClient reader = r.createWebClient().login("reader");
        reader.setThrowExceptionOnFailingStatusCode(false);
        for (String page : List.of("manage", "")) {
            String content = reader.goTo(page).getWebResponse().getContentAsString();
            assertFalse(content.contains("expiring one") || content.contains("git-host-credential-health"),
                    "a user without Overall/Administer sees nothing on /" + page);
        }
        assertNoTokenIn(r.createWebClient().login("admin").goTo("manage").getWebResponse().getContentAsString());
        assertNoTokenIn(Files.readString(recordsFile(), StandardCharsets.UTF_8));
    }

    @Test
    void aDismissedLineStaysHiddenUntilTheCredentialsStateChanges() throws Exception {
        store("soon", "expiring one", SOON);
        store("revoked", "revoked one", REVOKED);
        CredentialHealthCheck.get().checkNow();
        JenkinsRule.WebClient admin = r.createWebClient().login("admin");

        JenkinsRule.WebClient reader = r.createWebClient().login("reader");
        reader.setThrowExceptionOnFailingStatusCode(false);
        assertEquals(403, dismiss(reader, "|soon").getWebResponse().getStatusCode());
        assertTrue(monitorText(admin).contains("expiring one"), "a reader cannot dismiss");

        dismiss(admin, "|soon");
        String monitor = monitorText(admin);
        assertFalse(monitor.contains("expiring one"), monitor);
        assertTrue(monitor.contains("revoked one"), "only that line is hidden: " + monitor);

        CredentialHealthCheck.get().checkNow();
        assertFalse(monitorText(admin).contains("expiring one"), "the same state stays dismissed");

        gitlab.issue(SOON, FakeGitLab.today().plusDays(5), "api");
        CredentialHealthCheck.get().checkNow();
        assertTrue(monitorText(admin).contains("expiring one"), "a new expiry is a new state: shown again");
    }

    private Page dismiss(JenkinsRule.WebClient wc, String key) throws Exception {
        String monitor = ExtensionList.lookupSingleton(CredentialHealthMonitor.class).getUrl();
        URL url = wc.createCrumbedUrl(monitor + "/dismiss");
        WebRequest request = new WebRequest(url, HttpMethod.POST);
        request.setRequestParameters(new ArrayList<>(List.of(new NameValuePair("key", key))));
        return wc.getPage(request);
    }

    @Test
    void theCredentialsFormShowsTheLastResultToWhoMayConfigureOnly() throws Exception {
        store("soon", "expiring one", SOON);
        CredentialHealthCheck.get().checkNow();
        String update = "manage/credentials/store/system/domain/_/credential/soon/update";

        String form = r.createWebClient().login("admin").goTo(update).getWebResponse().getContentAsString();
        assertTrue(form.contains("checked just now: expires in 2 days (" + FakeGitLab.today().plusDays(3) + ")"), form);
        assertFalse(form.contains(SOON));

        GitLabTokenCredentials credential = (GitLabTokenCredentials) SystemCredentialsProvider.getInstance()
                .getCredentials().get(0);
        AbstractGitHostCredentials.GitHostCredentialsDescriptor descriptor =
                (AbstractGitHostCredentials.GitHostCredentialsDescriptor) credential.getDescriptor();
        try (ACLContext ignored = ACL.as2(User.getById("credentials-editor", true).impersonate2())) {
            assertNull(descriptor.lastHealthCheck(credential), "may update credentials, not configure Jenkins: no line");
        }
        try (ACLContext ignored = ACL.as2(User.getById("admin", true).impersonate2())) {
            String line = descriptor.lastHealthCheck(credential);
            assertNotNull(line, "an admin sees the last check");
            assertTrue(line.startsWith("checked just now: expires in 2 days"), line);
        }
    }

    @Test
    void aBuildUsingATokenThatExpiresSoonSaysSoOnceInTheStepAndOnceInTheBinding() throws Exception {
        store("soon", "expiring one", SOON);
        store("later", "fine one", LATER);
        CredentialHealthCheck.get().checkNow();
        WorkflowJob p = r.createProject(WorkflowJob.class, "uses-tokens");
        p.setDefinition(new CpsFlowDefinition("withGitHostCredentials(credentialsId: 'soon') { echo 'step body' }\n"
                + "withCredentials([gitHostToken(credentialsId: 'soon')]) { echo 'binding body' }\n"
                + "withGitHostCredentials(credentialsId: 'later') { echo 'later body' }\n", true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        String log = JenkinsRule.getLog(b);
        String notice = "Git Host Credentials: the GitLab token expires in 2 days (" + FakeGitLab.today().plusDays(3)
                + "): ask an administrator to renew it before then.";
        assertEquals(2, occurrences(log, notice), log);
        assertEquals(2, occurrences(log, "Git Host Credentials: the GitLab token"),
                "no line for the token expiring in 100 days: " + log);
        assertNoTokenIn(log);
    }

    @Test
    void aCheckTurnedOffChecksNothingAndTurnedOnChecksWhenDue() throws Exception {
        store("revoked", "revoked one", REVOKED);
        CredentialHealthSettings.get().setCheckEnabled(false);
        CredentialHealthCheck check = CredentialHealthCheck.get();
        check.dueNow();

        check.execute(TaskListener.NULL);

        assertTrue(HealthRecords.get().attentionLines().isEmpty());
        assertFalse(Files.exists(recordsFile()), "nothing was checked, so nothing was stored");

        CredentialHealthSettings.get().setCheckEnabled(true);
        check.dueNow();
        check.execute(TaskListener.NULL);

        assertTrue(Files.exists(recordsFile()), "a due check that is turned on stores its results");
        assertEquals(1, HealthRecords.get().attentionLines().size(), "the revoked token is listed");
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private Path recordsFile() {
        return r.jenkins.getRootDir().toPath().resolve(HealthRecords.class.getName() + ".xml");
    }

    static void assertNoTokenIn(String text) {
        assertNotNull(text);
        for (String token : TOKENS) {
            assertFalse(text.contains(token), "a token is in: " + text);
        }
    }
}
