package io.jenkins.plugins.githostcredentials.pipeline;

import static io.jenkins.plugins.githostcredentials.pipeline.PipelineTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.security.ACL;
import io.jenkins.plugins.githostcredentials.credentials.GitHubAppKeyCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A GitHub App token minted by us and not revoked when the controller stopped (still in use then) is revoked when it
 * starts again; until then JENKINS_HOME holds it encrypted only.
 */
class RestartRevocationTest {

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    /** Outlives both Jenkins sessions, as GitHub does. */
    private FakeGitHost host;

    @BeforeEach
    void startHost() throws Exception {
        host = new FakeGitHost();
    }

    @AfterEach
    void stopHost() throws Exception {
        host.close();
    }

    @Test
    void aTokenStillLeasedAtShutdownIsRevokedAfterTheRestart() throws Throwable {
        String[] token = new String[1];
        sessions.then(r -> {
            PipelineTestSupport.store(PipelineTestSupport.gitHubApp("github-app", host));
            GitHubAppKeyCredentials app = CredentialsProvider.lookupCredentialsInItemGroup(
                    GitHubAppKeyCredentials.class, r.jenkins, ACL.SYSTEM2, List.of()).get(0);
            // handed out as a password: kept from revocation for 15 minutes, so still leased when Jenkins stops
            token[0] = app.getPassword().getPlainText();
            Path journal = r.jenkins.getRootDir().toPath()
                    .resolve("io.jenkins.plugins.githostcredentials.SavedRevocations.xml");
            assertTrue(Files.exists(journal), "the minted token was not noted for revocation");
            assertFalse(Files.readString(journal, StandardCharsets.UTF_8).contains(token[0]),
                    "the journal holds the token in plain text");
        });
        assertFalse(host.revoked.contains(token[0]), "the leased token was revoked at shutdown");

        sessions.then(r -> {
            await("the token of the previous run revoked", () -> host.revoked.contains(token[0]));
            assertEquals(1, host.minted.size(), "nothing else was minted");
        });
    }
}
