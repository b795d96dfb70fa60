package io.jenkins.plugins.githostcredentials.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.core.health.HealthStatus;
import io.jenkins.plugins.githostcredentials.credentials.GitHubAppKeyCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * A GitHub App's health: one JWT-authenticated read of its installation on a GitHub Enterprise Server fake, which
 * proves the key and the installation and tells changed permissions; nothing is minted.
 */
@WithJenkins
class GitHubAppHealthTest {

    private JenkinsRule r;
    private final MockWebServer github = new MockWebServer();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile String permissions = "{\"contents\":\"read\",\"metadata\":\"read\"}";
    private volatile boolean installed = true;
    private String key;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        github.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                calls.add(request.getMethod() + " " + request.getPath());
                if (installed && "/api/v3/orgs/acme/installation".equals(request.getPath())) {
                    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                            .setBody("{\"id\":77,\"account\":{\"login\":\"acme\",\"type\":\"Organization\"},"
                                    + "\"repository_selection\":\"all\",\"permissions\":" + permissions
                                    + ",\"suspended_at\":null}");
                }
                return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
                        .setBody("{\"message\":\"Not Found\"}");
            }
        });
        github.start();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        GitHubAppKeyCredentials app = new GitHubAppKeyCredentials(CredentialsScope.GLOBAL, "app", "CI app", "123456",
                Secret.fromString(key), "http://127.0.0.1:" + github.getPort());
        app.setOwner("acme");
        SystemCredentialsProvider.getInstance().getCredentials().add(app);
        SystemCredentialsProvider.getInstance().save();
    }

    @AfterEach
    void tearDown() throws Exception {
        github.shutdown();
    }

    @Test
    void theKeyAndInstallationAreCheckedWithoutMintingAndChangedPermissionsAreListed() throws Exception {
        CredentialHealthCheck.get().checkNow();

        HealthStatus first = HealthRecords.get().status("|app").orElseThrow();
        assertEquals("OK, key accepted, installed on acme", first.summary());
        assertEquals(List.of("GET /api/v3/orgs/acme/installation"), calls, "one read, no token minted");
        assertTrue(HealthRecords.get().attentionLines().isEmpty());

        permissions = "{\"contents\":\"write\",\"metadata\":\"read\"}";
        CredentialHealthCheck.get().checkNow();

        List<AttentionLine> lines = HealthRecords.get().attentionLines();
        assertEquals(1, lines.size());
        assertEquals("permissions changed", lines.get(0).getSeverity());
        assertTrue(lines.get(0).getText().contains("contents read -> write"), lines.get(0).getText());

        installed = false;
        CredentialHealthCheck.get().checkNow();

        assertEquals("the app's installation is gone", HealthRecords.get().status("|app").orElseThrow().summary());
        assertFalse(calls.stream().anyMatch(call -> call.contains("access_tokens")), "never minted: " + calls);
        String state = Files.readString(r.jenkins.getRootDir().toPath()
                .resolve(HealthRecords.class.getName() + ".xml"), StandardCharsets.UTF_8);
        assertFalse(state.contains("PRIVATE KEY") || state.contains(key.substring(40, 100)), "no key in the state");
    }
}
