package io.jenkins.plugins.githostcredentials.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import java.util.List;
import org.jenkinsci.plugins.credentialsbinding.MultiBinding;
import org.jenkinsci.plugins.credentialsbinding.impl.BindingStep;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The step's and the binding's configuration: form round trip, snippet generator, Pipeline syntax, bad input. */
@WithJenkins
class StepConfigurationTest {

    @Test
    void formRoundTripKeepsEveryField(JenkinsRule r) throws Exception {
        WithGitHostCredentialsStep step = fullyConfigured();

        WithGitHostCredentialsStep after = new StepConfigTester(r).configRoundTrip(step);

        r.assertEqualDataBoundBeans(step, after);
        assertEquals(List.of("contents:read", "statuses:write"), after.getPermissions());

        WithGitHostCredentialsStep minimal = new StepConfigTester(r).configRoundTrip(new WithGitHostCredentialsStep("x"));
        r.assertEqualDataBoundBeans(new WithGitHostCredentialsStep("x"), minimal);
    }

    @Test
    void snippetsRoundTrip(JenkinsRule r) throws Exception {
        SnippetizerTester snippetizer = new SnippetizerTester(r);

        snippetizer.assertRoundTrip(new WithGitHostCredentialsStep("github-app"),
                "withGitHostCredentials('github-app') {\n    // some block\n}");
        snippetizer.assertRoundTrip(fullyConfigured(),
                "withGitHostCredentials(credentialsId: 'github-app', permissions: ['contents:read', 'statuses:write'], "
                        + "repositories: ['acme/api'], require: ['checkout', 'commit-status'], tokenVariable: 'TOKEN', "
                        + "usernameVariable: 'NAME') {\n    // some block\n}");

        GitHostTokenBinding binding = new GitHostTokenBinding("gitlab");
        binding.setTokenVariable("TOKEN");
        snippetizer.assertRoundTrip(new BindingStep(List.<MultiBinding>of(binding)),
                "withCredentials([gitHostToken(credentialsId: 'gitlab', tokenVariable: 'TOKEN')]) {\n"
                        + "    // some block\n}");
    }

    @Test
    void permissionsMayBeWrittenAsAGroovyMap(JenkinsRule r) throws Exception {
        WithGitHostCredentialsStep expected = new WithGitHostCredentialsStep("github-app");
        expected.setPermissions(List.of("contents:read", "statuses:write"));

        new SnippetizerTester(r).assertParseStep(expected,
                "withGitHostCredentials(credentialsId: 'github-app', permissions: [contents: 'read', statuses: 'write']) {\n}");
    }

    @Test
    void badPermissionOrVariableNameFailsWithTheFix(JenkinsRule r) throws Exception {
        IllegalArgumentException permission = assertThrows(IllegalArgumentException.class,
                () -> new WithGitHostCredentialsStep("x").setPermissions(List.of("contents")));
        assertTrue(permission.getMessage().contains("name:level"), permission.getMessage());

        PipelineTestSupport.store(StoredTokenFixtures.gitLab("gitlab"));
        WorkflowJob badName = r.jenkins.createProject(WorkflowJob.class, "bad-variable");
        badName.setDefinition(new CpsFlowDefinition(
                "withGitHostCredentials(credentialsId: 'gitlab', tokenVariable: 'MY-TOKEN') { echo 'body ran' }", true));
        WorkflowRun b = r.assertBuildStatus(Result.FAILURE, badName.scheduleBuild2(0));
        r.assertLogContains("Cannot use credential 'gitlab': tokenVariable 'MY-TOKEN' is not a usable environment "
                + "variable name", b);
        r.assertLogNotContains("body ran", b);

        WorkflowJob missing = r.jenkins.createProject(WorkflowJob.class, "missing-credential");
        missing.setDefinition(new CpsFlowDefinition("withGitHostCredentials('nowhere') { echo 'body ran' }", true));
        WorkflowRun m = r.assertBuildStatus(Result.FAILURE, missing.scheduleBuild2(0));
        r.assertLogContains("Could not find a git host credential with ID 'nowhere'", m);
        r.assertLogNotContains("body ran", m);
    }

    private static WithGitHostCredentialsStep fullyConfigured() {
        WithGitHostCredentialsStep step = new WithGitHostCredentialsStep("github-app");
        step.setRepositories(List.of("acme/api"));
        step.setPermissions(List.of("contents:read", "statuses:write"));
        step.setRequire(List.of("checkout", "commit-status"));
        step.setTokenVariable("TOKEN");
        step.setUsernameVariable("NAME");
        return step;
    }
}
