package io.jenkins.plugins.githostcredentials.pipeline;

import static io.jenkins.plugins.githostcredentials.pipeline.PipelineTestSupport.assertLogHasNo;
import static io.jenkins.plugins.githostcredentials.pipeline.PipelineTestSupport.assertNotInBuildDirectory;
import static io.jenkins.plugins.githostcredentials.pipeline.PipelineTestSupport.assumeGit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cloudbees.plugins.credentials.Credentials;
import io.jenkins.plugins.githostcredentials.credentials.BitbucketDataCenterTokenScope;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every stored-token credential kind, with the step and with the binding: the token, username and host tool variables,
 * git's configuration for the credential's host only, masking, and nothing secret in the log or the build directory.
 */
@WithJenkins
class StoredTokenPipelineTest {

    /** One credential kind and what a block using it must see. */
    private record Kind(String id, Credentials credentials, String token, String gitOrigin, String username,
            List<String> toolTokenVariables, String hostVariable) {}

    @Test
    void everyKindWithTheStepAndWithTheBinding(JenkinsRule r) throws Exception {
        List<Kind> kinds = List.of(
                new Kind("github", StoredTokenFixtures.gitHub("github", null), StoredTokenFixtures.GITHUB_TOKEN,
                        "https://github.com", "x-access-token", List.of("GITHUB_TOKEN", "GH_TOKEN"), null),
                new Kind("gitlab", StoredTokenFixtures.gitLab("gitlab"), StoredTokenFixtures.GITLAB_TOKEN,
                        "https://gitlab.example.com", "oauth2", List.of("GITLAB_TOKEN"),
                        "GITLAB_HOST=https://gitlab.example.com"),
                new Kind("bitbucket-api", StoredTokenFixtures.bitbucketCloudApi("bitbucket-api"),
                        StoredTokenFixtures.BITBUCKET_API_TOKEN, "https://bitbucket.org", "ci-bot", List.of(), null),
                new Kind("bitbucket-access", StoredTokenFixtures.bitbucketCloudAccess("bitbucket-access"),
                        StoredTokenFixtures.BITBUCKET_ACCESS_TOKEN, "https://bitbucket.org", "x-token-auth", List.of(),
                        null),
                new Kind("bitbucket-dc-repository", StoredTokenFixtures.bitbucketDataCenter("bitbucket-dc-repository",
                        BitbucketDataCenterTokenScope.REPOSITORY), StoredTokenFixtures.BITBUCKET_DC_TOKEN,
                        "https://bitbucket.example.com", "none", List.of(), null),
                new Kind("azure", StoredTokenFixtures.azureDevOps("azure"), StoredTokenFixtures.AZURE_TOKEN,
                        "https://dev.azure.com", "pat", List.of("AZURE_DEVOPS_EXT_PAT"), null),
                new Kind("gitea", StoredTokenFixtures.gitea("gitea"), StoredTokenFixtures.GITEA_TOKEN,
                        "https://gitea.example.com", "oauth2", List.of(), null));
        for (Kind kind : kinds) {
            PipelineTestSupport.store(kind.credentials());
        }

        for (Kind kind : kinds) {
            WorkflowRun withStep = run(r, kind.id() + "-step", "withGitHostCredentials(credentialsId: '" + kind.id()
                    + "')", "GIT_HOST_TOKEN", "GIT_HOST_USERNAME", kind);
            r.assertLogContains("Masking supported pattern matches of $GIT_HOST_TOKEN", withStep);

            WorkflowRun withBinding = run(r, kind.id() + "-binding", "withCredentials([gitHostToken(credentialsId: '"
                    + kind.id() + "', tokenVariable: 'TOKEN', usernameVariable: 'NAME')])", "TOKEN", "NAME", kind);
            r.assertLogContains("Masking supported pattern matches of $TOKEN", withBinding);
            assertEquals("gitHostToken",
                    withBinding.getAction(GitHostCredentialsAction.class).getUses().get(0).getStep());
        }
    }

    private static WorkflowRun run(JenkinsRule r, String name, String block, String tokenVariable,
            String usernameVariable, Kind kind) throws Exception {
        StringBuilder script = new StringBuilder("node {\n  ").append(block).append(" {\n");
        script.append("    sh 'echo \"token=$").append(tokenVariable).append(" user=${").append(usernameVariable)
                .append(":-none}\"'\n");
        for (String variable : kind.toolTokenVariables()) {
            script.append("    sh 'test \"$").append(variable).append("\" = \"$").append(tokenVariable)
                    .append("\" && echo has-").append(variable).append("'\n");
        }
        if (kind.hostVariable() != null) {
            String variable = kind.hostVariable().substring(0, kind.hostVariable().indexOf('='));
            script.append("    sh 'echo ").append(variable).append("=$").append(variable).append("'\n");
        }
        script.append("    sh '''case \"$GIT_CONFIG_PARAMETERS\" in *\"'credential.").append(kind.gitOrigin())
                .append(".helper='\"*) echo git-configured-for-the-host;; esac'''\n");
        script.append("    sh 'test \"$GIT_TERMINAL_PROMPT\" = 0 && echo prompts-off'\n");
        script.append("  }\n}\n");
        WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, name);
        p.setDefinition(new CpsFlowDefinition(script.toString(), true));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        r.assertLogContains("token=**** user=" + kind.username(), b);
        for (String variable : kind.toolTokenVariables()) {
            r.assertLogContains("has-" + variable, b);
        }
        if (kind.hostVariable() != null) {
            r.assertLogContains(kind.hostVariable(), b);
        }
        r.assertLogContains("git-configured-for-the-host", b);
        r.assertLogContains("prompts-off", b);
        assertLogHasNo(r, b, List.of(kind.token()));
        assertNotInBuildDirectory(b, kind.token());
        return b;
    }

    @Test
    void gitAuthenticatesWithTheStepAndWithTheBinding(JenkinsRule r) throws Exception {
        assumeGit();
        try (FakeGitHost host = new FakeGitHost()) {
            host.acceptedGitLogins.add("x-access-token:" + StoredTokenFixtures.GITHUB_TOKEN);
            PipelineTestSupport.store(StoredTokenFixtures.gitHub("ghes", host.url()));
            WorkflowJob p = r.jenkins.createProject(WorkflowJob.class, "ls-remote");
            p.setDefinition(new CpsFlowDefinition("node {\n"
                    + "  withGitHostCredentials(credentialsId: 'ghes') {\n"
                    + "    sh 'git ls-remote " + host.repositoryUrl() + " && echo step-ok'\n"
                    + "  }\n"
                    + "  withCredentials([gitHostToken(credentialsId: 'ghes')]) {\n"
                    + "    sh 'git ls-remote " + host.repositoryUrl() + " && echo binding-ok'\n"
                    + "  }\n"
                    + "  sh 'git ls-remote " + host.repositoryUrl() + " || echo refused-outside'\n"
                    + "}", true));

            WorkflowRun b = r.buildAndAssertSuccess(p);

            r.assertLogContains("step-ok", b);
            r.assertLogContains("binding-ok", b);
            r.assertLogContains("refused-outside", b);
            r.assertLogContains(FakeGitHost.COMMIT + "\trefs/heads/main", b);
            assertLogHasNo(r, b, List.of(StoredTokenFixtures.GITHUB_TOKEN));
        }
    }
}
