package io.jenkins.plugins.githostcredentials.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.credentials.GitLabTokenCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * "Rotate N days before expiry" on a GitLab token, run by the health check against a fake GitLab: the new token is
 * written back in place of the old one, which GitLab then refuses, and at every failure point a token that works stays
 * stored (or, when storing fails, is stored at the next check without rotating again).
 */
@WithJenkins
class GitLabRotationTest {

    static final String OLD = "glpat-" + "0ldR0tat1ngTokenAbc";

    private JenkinsRule r;
    private FakeGitLab gitlab;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        gitlab = new FakeGitLab();
        gitlab.issue(OLD, FakeGitLab.today().plusDays(3), "api");
        GitLabTokenCredentials credential = new GitLabTokenCredentials(CredentialsScope.SYSTEM, "rotating",
                "deploy bot", gitlab.url(), Secret.fromString(OLD));
        credential.setGitUsername("ci-bot");
        credential.setRotateDaysBeforeExpiry(7);
        SystemCredentialsProvider.getInstance().getCredentials().add(credential);
        SystemCredentialsProvider.getInstance().save();
    }

    @AfterEach
    void tearDown() throws Exception {
        gitlab.close();
    }

    private static GitLabTokenCredentials stored() {
        return SystemCredentialsProvider.getInstance().getCredentials().stream()
                .filter(GitLabTokenCredentials.class::isInstance).map(GitLabTokenCredentials.class::cast)
                .filter(c -> c.getId().equals("rotating")).findFirst().orElseThrow();
    }

    /** What GitLab answers a request with this token, asked directly. */
    private int gitLabAnswers(String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gitlab.url() + "/api/v4/personal_access_tokens/self"))
                .header("PRIVATE-TOKEN", token).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theRotatedTokenIsWrittenBackInPlaceAndTheOldOneIsRefused() throws Exception {
        CredentialHealthCheck.get().checkNow();

        GitLabTokenCredentials after = stored();
        String newToken = after.getToken().getPlainText();
        assertEquals(List.of(newToken), gitlab.issuedByRotation);
        assertNotEquals(OLD, newToken);
        assertEquals(200, gitLabAnswers(newToken));
        assertEquals(401, gitLabAnswers(OLD), "GitLab revoked the old token");
        assertEquals(CredentialsScope.SYSTEM, after.getScope());
        assertEquals("deploy bot", after.getDescription());
        assertEquals(gitlab.url(), after.getServerUrl());
        assertEquals("ci-bot", after.getUsername());
        assertEquals(7, after.getRotateDaysBeforeExpiry());
        assertEquals(1, SystemCredentialsProvider.getInstance().getCredentials().size(), "replaced, not added");
        assertTrue(HealthRecords.get().attentionLines().isEmpty(), "nothing to do after a rotation");
        assertTrue(HealthRecords.get().status("|rotating").orElseThrow().summary().startsWith("OK, rotated on"));

        String state = Files.readString(r.jenkins.getRootDir().toPath()
                .resolve(HealthRecords.class.getName() + ".xml"), StandardCharsets.UTF_8);
        assertFalse(state.contains(OLD) || state.contains(newToken), "no token in the health state");
        String credentialsXml = Files.readString(r.jenkins.getRootDir().toPath().resolve("credentials.xml"),
                StandardCharsets.UTF_8);
        assertFalse(credentialsXml.contains(newToken), "the new token is stored encrypted");

        CredentialHealthCheck.get().checkNow();
        assertEquals(1, gitlab.rotationRequests.size(), "a token expiring in 90 days is not rotated again");
    }

    @Test
    void aFailedWriteBackIsRetriedWithTheHeldTokenAndNeverRotatesAgain() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CredentialHealthCheck.get().useWriteBacks(found -> rotated -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IOException("the credentials store is read-only");
            }
            new StoreWriteBack(found).store(rotated);
        });

        CredentialHealthCheck.get().checkNow();

        assertEquals(OLD, stored().getToken().getPlainText(), "not stored yet");
        String held = gitlab.issuedByRotation.get(0);
        List<AttentionLine> lines = HealthRecords.get().attentionLines();
        assertEquals(1, lines.size());
        assertEquals("rotated, new token not stored", lines.get(0).getSeverity());
        assertTrue(lines.get(0).getText().contains("the credentials store is read-only"), lines.get(0).getText());
        assertTrue(lines.get(0).getText().contains("Store this new token now"), lines.get(0).getText());
        assertFalse(lines.get(0).getText().contains(held), "the held token is never shown");
        String manage = r.createWebClient().goTo("manage").getWebResponse().getContentAsString();
        assertFalse(manage.contains(held) || manage.contains(OLD));

        CredentialHealthCheck.get().checkNow();

        assertEquals(held, stored().getToken().getPlainText(), "the token held in memory, stored at the next check");
        assertEquals(200, gitLabAnswers(held));
        assertEquals(1, gitlab.rotationRequests.size(), "never rotated again with the revoked old token");
        assertEquals(2, attempts.get());
        assertTrue(HealthRecords.get().attentionLines().isEmpty());
    }

    @Test
    void aRotationGitLabRefusesLeavesTheOldTokenStoredAndWorking() throws Exception {
        gitlab.rotationAnswer = FakeGitLab.RotationAnswer.REFUSE;

        CredentialHealthCheck.get().checkNow();

        assertEquals(OLD, stored().getToken().getPlainText());
        assertEquals(200, gitLabAnswers(OLD));
        List<AttentionLine> lines = HealthRecords.get().attentionLines();
        assertEquals(1, lines.size(), "still expiring soon");
        assertTrue(lines.get(0).getText().contains("does not let this token rotate itself (HTTP 403"),
                "says why it was not rotated: " + lines.get(0).getText());
    }

    @Test
    void aRotationThatFailsBeforeRotatingLeavesTheOldTokenStoredAndWorking() throws Exception {
        gitlab.rotationAnswer = FakeGitLab.RotationAnswer.FAIL_BEFORE_ROTATING;

        CredentialHealthCheck.get().checkNow();

        assertEquals(OLD, stored().getToken().getPlainText());
        assertEquals(200, gitLabAnswers(OLD));
        assertEquals(1, gitlab.rotationRequests.size(), "the lost answer is checked, not retried");
        assertTrue(HealthRecords.get().status("|rotating").orElseThrow().action().contains("still active"),
                "says nothing changed");
    }
}
