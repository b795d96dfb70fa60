package io.jenkins.plugins.githostcredentials.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import io.jenkins.plugins.githostcredentials.credentials.GitHubAppKeyCredentials;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The ceiling an admin sets on a GitHub App credential, seen from pipelines: the step and the binding refuse a request
 * beyond it before anything reaches GitHub, naming what exceeds it, and the build page shows what a block asked for
 * next to what GitHub granted.
 */
@WithJenkins
class CeilingPipelineTest {

    /** Asked for once per test (see GitHubAppStepTest). */
    private JenkinsRule r;

    private FakeGitHost host;

    @BeforeEach
    void startHost(JenkinsRule rule) throws Exception {
        r = rule;
        host = new FakeGitHost();
        GitHubAppKeyCredentials app = PipelineTestSupport.gitHubApp("capped-app", host);
        app.setCeilingRepositories("api\nacme/docs-*");
        app.setCeilingPermissions("contents:read, statuses:write");
        PipelineTestSupport.store(app);
    }

    @AfterEach
    void stopHost() throws Exception {
        host.close();
    }

    @Test
    void theStepRefusesPermissionsBeyondTheCeilingWithoutCallingGitHub() throws Exception {
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "beyond");
        p.setDefinition(new CpsFlowDefinition("withGitHostCredentials(credentialsId: 'capped-app',\n"
                + "    repositories: ['acme/api'], permissions: [contents: 'write', pull_requests: 'write']) {\n"
                + "  echo 'the body ran'\n"
                + "}", true));

        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));

        r.assertLogContains("Cannot use credential 'capped-app'", b);
        r.assertLogContains("contents:write exceeds the ceiling contents:read set on this credential", b);
        r.assertLogContains("pull_requests:write is not among the permissions this credential allows", b);
        r.assertLogNotContains("the body ran", b);
        assertEquals(0, host.server.getRequestCount(), "nothing was sent to GitHub");
    }

    @Test
    void theBindingRefusesARepositoryBeyondTheCeiling() throws Exception {
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "binding-beyond");
        p.setDefinition(new CpsFlowDefinition(
                "withCredentials([gitHostToken(credentialsId: 'capped-app')]) { echo 'the body ran' }", true));

        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));

        r.assertLogContains("asks for every repository the installation covers, but this credential allows only "
                + "api, acme/docs-*", b);
        r.assertLogNotContains("the body ran", b);
        assertEquals(0, host.server.getRequestCount(), "nothing was sent to GitHub");
    }

    @Test
    void aRequestWithinTheCeilingRunsAndTheBuildPageShowsRequestedAndGranted() throws Exception {
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "within");
        p.setDefinition(new CpsFlowDefinition("withGitHostCredentials(credentialsId: 'capped-app',\n"
                + "    repositories: ['acme/api']) {\n"
                + "  echo 'the body ran'\n"
                + "}", true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        r.assertLogContains("the body ran", b);
        assertEquals(1, host.minted.size());
        String mintBody = host.mintBodies.get(0);
        assertTrue(mintBody.contains("\"contents\":\"read\"") && mintBody.contains("\"statuses\":\"write\""),
                () -> "a block asking for no permissions gets the ceiling's, not every permission: " + mintBody);
        GitHostCredentialsAction.Use use = b.getAction(GitHostCredentialsAction.class).getUses().get(0);
        assertEquals("acme/api", use.getRequestedRepositories());
        assertEquals("the credential's defaults", use.getRequestedPermissions());
        assertEquals("contents: read, statuses: write", use.getMinted().get(0).getPermissions());

        String page = r.createWebClient().getPage(b).asNormalizedText();
        assertTrue(page.contains("Requested"), page);
        assertTrue(page.contains("repositories acme/api; permissions the credential's defaults"), page);
        assertTrue(page.contains("Granted"), page);
        assertTrue(page.contains("contents: read, statuses: write"), page);
    }
}
