package io.jenkins.plugins.githostcredentials.pipeline;

import static io.jenkins.plugins.githostcredentials.pipeline.PipelineTestSupport.assertLogHasNo;
import static io.jenkins.plugins.githostcredentials.pipeline.PipelineTestSupport.assertNotInBuildDirectory;
import static io.jenkins.plugins.githostcredentials.pipeline.PipelineTestSupport.assumeGit;
import static io.jenkins.plugins.githostcredentials.pipeline.PipelineTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.Functions;
import hudson.model.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.actions.ErrorAction;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.graph.AtomNode;
import org.jenkinsci.plugins.workflow.graph.FlowNode;
import org.jenkinsci.plugins.workflow.graphanalysis.DepthFirstScanner;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * withGitHostCredentials with a GitHub App against a fake GitHub Enterprise Server: narrowed minting in a plain
 * Pipeline job, git authenticating with the token, masking, the build's record, and release (revocation) of the token
 * on success, failure and abort; preflight; renewal for a step that outlives its token.
 */
@WithJenkins
class GitHubAppStepTest {

    /**
     * The one Jenkins of each test. jenkins-test-harness starts a Jenkins for every JenkinsRule parameter it resolves,
     * so the rule is asked for once, here, and the tests use this field.
     */
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

    @Test
    void narrowedTokenWorksForGitIsMaskedRecordedAndRevokedOnSuccess() throws Exception {
        assumeGit();
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "narrowed");
        p.setDefinition(new CpsFlowDefinition("node {\n"
                + "  withGitHostCredentials(credentialsId: 'github-app', repositories: ['acme/api'],\n"
                + "                         permissions: [contents: 'read', statuses: 'write'],\n"
                + "                         require: ['checkout', 'commit-status']) {\n"
                + "    sh 'git ls-remote " + host.repositoryUrl() + "'\n"
                + "    sh 'echo \"token=$GIT_HOST_TOKEN gh=$GH_ENTERPRISE_TOKEN user=$GIT_HOST_USERNAME host=$GH_HOST\"'\n"
                + "    sh 'printf %s \"x-access-token:$GIT_HOST_TOKEN\" | base64 | tr -d \"\\\\n\"; echo'\n"
                + "  }\n"
                + "}", true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        assertEquals(1, host.minted.size());
        String token = host.minted.get(0);
        assertTrue(host.mintBodies.get(0).contains("\"repositories\":[\"api\"]"), host.mintBodies.get(0));
        assertTrue(host.mintBodies.get(0).contains("\"statuses\":\"write\""), host.mintBodies.get(0));
        r.assertLogContains(FakeGitHost.COMMIT + "\trefs/heads/main", b);
        r.assertLogContains("token=**** gh=**** user=x-access-token host=127.0.0.1:" + host.server.getPort(), b);
        r.assertLogContains("Masking supported pattern matches of $", b);
        r.assertLogContains("Preflight: OK", b);
        String basic = Base64.getEncoder().encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8));
        assertLogHasNo(r, b, List.of(token, basic));
        assertNotInBuildDirectory(b, token);
        assertEquals(List.of(token), host.revoked, "the token is revoked when the block ends");

        GitHostCredentialsAction action = b.getAction(GitHostCredentialsAction.class);
        assertNotNull(action);
        GitHostCredentialsAction.Use use = action.getUses().get(0);
        assertEquals("withGitHostCredentials", use.getStep());
        assertEquals("github-app", use.getCredentialsId());
        assertEquals("GitHub Enterprise Server", use.getHost());
        assertEquals(1, use.getMinted().size());
        assertEquals("api", use.getMinted().get(0).getRepositories());
        assertEquals("contents: read, statuses: write", use.getMinted().get(0).getPermissions());
        assertTrue(use.getPreflight().startsWith("OK"), use.getPreflight());
        assertEquals("released", use.getOutcome());

        HtmlPage page = r.createWebClient().getPage(b);
        String text = page.asNormalizedText();
        assertTrue(text.contains("github-app"), text);
        assertTrue(text.contains("contents: read, statuses: write"), text);
        assertFalse(page.getWebResponse().getContentAsString().contains(token));
    }

    @Test
    void tokenIsRevokedWhenTheBodyFails() throws Exception {
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "failing");
        p.setDefinition(new CpsFlowDefinition("node {\n"
                + "  withGitHostCredentials(credentialsId: 'github-app') {\n"
                + "    sh 'echo \"deploying with $GIT_HOST_TOKEN\"; exit 3'\n"
                + "  }\n"
                + "}", true));

        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));

        String token = host.minted.get(0);
        r.assertLogContains("deploying with ****", b);
        assertLogHasNo(r, b, List.of(token));
        assertNotInBuildDirectory(b, token);
        assertEquals(List.of(token), host.revoked);
    }

    /**
     * A failure whose message holds the token, such as {@code error(...)} with an interpolated variable, is masked
     * wherever the block reports it: in the console, on the block's nodes, in the build's result and in the rest of the
     * build directory (through the step's {@code FailureHandler}, as {@code withCredentials} does). Only the failing
     * step's own node keeps the original message: Pipeline records it there before any enclosing block is told, for
     * {@code withCredentials} too.
     */
    @Test
    void aFailureWhoseMessageHoldsTheTokenIsMaskedInTheLogAndTheBuildDirectory() throws Exception {
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "interpolated");
        p.setDefinition(new CpsFlowDefinition("withGitHostCredentials(credentialsId: 'github-app') {\n"
                + "  error(\"deploy failed with token ${env.GIT_HOST_TOKEN}\")\n"
                + "}", true));

        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));

        String token = host.minted.get(0);
        r.assertLogContains("deploy failed with token ****", b);
        assertFailureMasked(r, b, token);
        assertEquals(List.of(token), host.revoked);
    }

    /** The gitHostToken binding gets the same from withCredentials, which masks its body's failures itself. */
    @Test
    void bindingMasksAFailureWhoseMessageHoldsTheToken() throws Exception {
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "binding-interpolated");
        p.setDefinition(new CpsFlowDefinition("withCredentials([gitHostToken(credentialsId: 'github-app')]) {\n"
                + "  error(\"deploy failed with token ${env.GIT_HOST_TOKEN}\")\n"
                + "}", true));

        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));

        String token = host.minted.get(0);
        r.assertLogContains("deploy failed with token ****", b);
        assertFailureMasked(r, b, token);
        assertEquals(List.of(token), host.revoked);
    }

    private static void assertFailureMasked(JenkinsRule r, WorkflowRun b, String token) throws Exception {
        assertLogHasNo(r, b, List.of(token));
        FlowExecution execution = b.getExecution();
        assertNotNull(execution);
        assertNotNull(execution.getCauseOfFailure());
        assertFalse(Functions.printThrowable(execution.getCauseOfFailure()).contains(token), "the build's result");
        int failingSteps = 0;
        for (FlowNode node : new DepthFirstScanner().allNodes(execution)) {
            ErrorAction error = node.getPersistentAction(ErrorAction.class);
            if (error == null) {
                continue;
            }
            if (node instanceof AtomNode) {
                failingSteps++;
            } else {
                assertFalse(Functions.printThrowable(error.getError()).contains(token),
                        "the error recorded on " + node.getDisplayFunctionName());
            }
        }
        assertEquals(1, failingSteps, "only the error step itself records the original message");
        Path root = b.getRootDir().toPath();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (root.relativize(file).getName(0).toString().startsWith("workflow")) {
                    continue; // flow nodes, checked above
                }
                assertFalse(Files.readString(file, StandardCharsets.ISO_8859_1).contains(token),
                        "the token is in " + root.relativize(file));
            }
        }
    }

    @Test
    void tokenIsRevokedWhenTheBuildIsAbortedAndIsNeverInPipelineState() throws Exception {
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "aborted");
        p.setDefinition(new CpsFlowDefinition("node {\n"
                + "  withGitHostCredentials(credentialsId: 'github-app', repositories: ['api']) {\n"
                + "    sh 'echo in the body; sleep 120'\n"
                + "  }\n"
                + "}", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage("in the body", b);
        String token = host.minted.get(0);
        assertNotInBuildDirectory(b, token);

        b.doStop();

        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        await("the revocation of the aborted block's token", () -> host.revoked.contains(token));
        assertNotInBuildDirectory(b, token);
    }

    @Test
    void bindingMintsForTheBlockAndRevokesWhenItEnds() throws Exception {
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "binding");
        p.setDefinition(new CpsFlowDefinition("node {\n"
                + "  withCredentials([gitHostToken(credentialsId: 'github-app', tokenVariable: 'GH_APP_TOKEN')]) {\n"
                + "    sh 'echo \"app token=$GH_APP_TOKEN\"'\n"
                + "  }\n"
                + "}", true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        assertEquals(1, host.minted.size());
        String token = host.minted.get(0);
        r.assertLogContains("app token=****", b);
        assertLogHasNo(r, b, List.of(token));
        assertNotInBuildDirectory(b, token);
        assertEquals(List.of(token), host.revoked);
        GitHostCredentialsAction.Use use = b.getAction(GitHostCredentialsAction.class).getUses().get(0);
        assertEquals("gitHostToken", use.getStep());
        assertEquals("released", use.getOutcome());
    }

    @Test
    void preflightFailureStopsTheBlockBeforeTheBodyAndSaysWhatIsMissing() throws Exception {
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "preflight");
        p.setDefinition(new CpsFlowDefinition("withGitHostCredentials(credentialsId: 'github-app',\n"
                + "    repositories: ['acme/api'], permissions: [contents: 'read'], require: ['checkout', 'commit-status']) {\n"
                + "  echo 'the body ran'\n"
                + "}", true));

        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));

        r.assertLogContains("Preflight failed: MISSING", b);
        r.assertLogContains("statuses", b);
        r.assertLogNotContains("the body ran", b);
        String token = host.minted.get(0);
        assertLogHasNo(r, b, List.of(token));
        assertEquals(List.of(token), host.revoked, "a block that does not run gives its token back at once");
        GitHostCredentialsAction.Use use = b.getAction(GitHostCredentialsAction.class).getUses().get(0);
        assertFalse(use.isPreflightPassed());
        assertTrue(use.getPreflight().startsWith("MISSING"), use.getPreflight());
    }

    @Test
    void permissionsForAStoredTokenFailWithAnActionableMessage() throws Exception {
        PipelineTestSupport.store(StoredTokenFixtures.gitLab("gitlab"));
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "stored-narrowing");
        p.setDefinition(new CpsFlowDefinition("withGitHostCredentials(credentialsId: 'gitlab',\n"
                + "    repositories: ['group/project'], permissions: [contents: 'read']) { echo 'ran' }", true));

        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));

        r.assertLogContains("Cannot use credential 'gitlab'", b);
        r.assertLogContains("permissions narrow GitHub App tokens only", b);
        r.assertLogContains("Remove permissions from the step", b);
        r.assertLogNotContains("ran", b);
    }

    @Test
    void aStepLongerThanTheTokenKeepsWorkingWithGitAndTheFreshTokenIsMasked() throws Exception {
        assumeGit();
        host.tokenLife = Duration.ofMinutes(5); // less than the renewal margin: due at once
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "long");
        p.setDefinition(new CpsFlowDefinition("node {\n"
                + "  withGitHostCredentials(credentialsId: 'github-app', repositories: ['api']) {\n"
                + "    sh 'git ls-remote " + host.repositoryUrl() + " && echo renew-now && sleep 10"
                + " && git ls-remote " + host.repositoryUrl() + " && echo still-working'\n"
                + "    sh 'echo \"next step token=$GIT_HOST_TOKEN\"'\n"
                + "  }\n"
                + "}", true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage("renew-now", b);

        ActiveBlocks.get().renewDueTokens();

        r.assertBuildStatusSuccess(r.waitForCompletion(b));
        assertTrue(host.minted.size() >= 2, "a fresh token was minted while the step ran");
        r.assertLogContains("still-working", b);
        r.assertLogContains("next step token=****", b);
        assertLogHasNo(r, b, host.minted);
        for (String token : host.minted) {
            assertNotInBuildDirectory(b, token);
        }
        await("every token of the block revoked", () -> host.revoked.containsAll(host.minted));
        assertTrue(b.getAction(GitHostCredentialsAction.class).getUses().get(0).getMinted().size() >= 2);
    }
}
