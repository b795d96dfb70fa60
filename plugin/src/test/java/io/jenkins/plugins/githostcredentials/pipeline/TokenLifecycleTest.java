package io.jenkins.plugins.githostcredentials.pipeline;

import static io.jenkins.plugins.githostcredentials.pipeline.PipelineTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.security.ACL;
import io.jenkins.plugins.githostcredentials.GitHostService;
import io.jenkins.plugins.githostcredentials.GitHubAppTokenSettings;
import io.jenkins.plugins.githostcredentials.credentials.GitHubAppKeyCredentials;
import java.time.Duration;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * How GitHub App tokens live and end, against a fake GitHub: back-to-back builds share one token that is revoked
 * after the last; a GitHub that does not answer revocations holds up no build; a token GitHub stopped accepting is
 * replaced before it is handed out again.
 */
@WithJenkins
class TokenLifecycleTest {

    private JenkinsRule r;
    private FakeGitHost host;

    @BeforeEach
    void startHost(JenkinsRule rule) throws Exception {
        r = rule;
        host = new FakeGitHost();
        PipelineTestSupport.store(PipelineTestSupport.gitHubApp("github-app", host));
    }

    @AfterEach
    void stopHost() throws Exception {
        host.close();
    }

    private WorkflowJob job(String name) throws Exception {
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(
                "withGitHostCredentials(credentialsId: 'github-app') { echo 'deploying' }", true));
        return p;
    }

    @Test
    void tenSequentialBuildsWithinTheDelayShareOneTokenRevokedAfterTheLast() throws Exception {
        GitHubAppTokenSettings.get().setRevocationDelaySeconds(8);
        WorkflowJob p = job("sequential");

        for (int i = 0; i < 10; i++) {
            r.buildAndAssertSuccess(p);
        }

        assertEquals(1, host.minted.size(), "each build minted its own token: " + host.minted.size());
        assertTrue(host.revoked.isEmpty(), "the token was revoked before the delay after the last build");
        await("the shared token revoked after the delay", () -> host.revoked.contains(host.minted.get(0)));
        assertEquals(List.of(host.minted.get(0)), host.revoked);
    }

    @Test
    void aBuildWhoseRevokeEndpointHangsEndsAsFastAsItsBody() throws Exception {
        GitHubAppTokenSettings.get().setRevocationDelaySeconds(0);
        host.revokeHangs = true;
        WorkflowJob p = job("hanging-revoke");

        long started = System.nanoTime();
        WorkflowRun b = r.buildAndAssertSuccess(p);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        r.assertLogContains("deploying", b);
        await("the revocation sent", () -> host.revokeAttempts.contains(host.minted.get(0)));
        // GitHub holds the revocation for the 30 s read timeout and more; on the build's path it would show here
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "the build waited for GitHub's revocation: " + took);
        assertTrue(host.revoked.isEmpty(), "the hanging endpoint answered");
    }

    @Test
    void aTokenGitHubStoppedAcceptingIsReplacedOnTheNextPasswordUse() throws Exception {
        GitHostService.get().setPasswordTrust(Duration.ZERO);
        GitHubAppKeyCredentials app = CredentialsProvider.lookupCredentialsInItemGroup(
                GitHubAppKeyCredentials.class, r.jenkins, ACL.SYSTEM2, List.of()).get(0);

        String first = app.getPassword().getPlainText();
        assertEquals(first, app.getPassword().getPlainText(), "a token GitHub accepts is shared");
        host.rejected.add(first); // revoked outside Jenkins
        String second = app.getPassword().getPlainText();

        assertNotEquals(first, second, "the rejected token was handed out again");
        assertEquals(List.of(first, second), host.minted);
        assertEquals(second, app.getPassword().getPlainText(), "the replacement is shared in turn");
    }
}
