package io.jenkins.plugins.githostcredentials.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl;
import hudson.model.Slave;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import jenkins.model.Jenkins;
import jenkins.security.MasterToSlaveCallable;
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
 * The GitHub App password is an installation token minted on the controller, narrowed to the credential's defaults.
 * The key never reaches an agent, by either of the two ways a credential gets there: the credential object itself
 * (sent over remoting) arrives as a stand-in that asks the controller for tokens; git-client's snapshot, taken on the
 * controller before a git plugin checkout runs on an agent, is a plain username/password holding a minted token.
 */
@WithJenkins
class GitHubAppKeyCredentialsTest {

    private MockWebServer gitHub;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger minted = new AtomicInteger();

    @BeforeEach
    void startGitHub() throws Exception {
        gitHub = new MockWebServer();
        gitHub.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                String path = request.getPath();
                if (path.equals("/api/v3/orgs/acme/installation")) {
                    return json(200, "{\"id\":99,\"account\":{\"login\":\"acme\",\"type\":\"Organization\"},"
                            + "\"repository_selection\":\"all\",\"permissions\":{\"contents\":\"write\","
                            + "\"statuses\":\"write\",\"metadata\":\"read\"}}");
                }
                if (path.equals("/api/v3/app/installations/99/access_tokens") && request.getMethod().equals("POST")) {
                    String token = "ghs_Minted" + minted.incrementAndGet() + "AbCdEfGhIjKlMnOpQrStUvWxYz01";
                    return json(201, "{\"token\":\"" + token + "\",\"expires_at\":\""
                            + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "\","
                            + "\"permissions\":{\"contents\":\"read\",\"statuses\":\"write\"},"
                            + "\"repository_selection\":\"selected\",\"repositories\":[{\"name\":\"api\"},{\"name\":\"web\"}]}");
                }
                return json(404, "{\"message\":\"Not Found\"}");
            }
        });
        gitHub.start();
    }

    @AfterEach
    void stopGitHub() throws Exception {
        gitHub.shutdown();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    private String serverUrl() {
        return "http://127.0.0.1:" + gitHub.getPort();
    }

    @Test
    void passwordIsAnInstallationTokenNarrowedToTheDefaults(JenkinsRule r) throws Exception {
        GitHubAppKeyCredentials app = CredentialFixtures.gitHubApp("app", serverUrl());

        String password = app.getPassword().getPlainText();

        assertTrue(password.startsWith("ghs_Minted"), "not an installation token");
        assertEquals("x-access-token", app.getUsername());
        RecordedRequest mint = requests.stream()
                .filter(request -> request.getPath().endsWith("/access_tokens")).findFirst().orElseThrow();
        String body = mint.getBody().readUtf8();
        assertTrue(body.contains("\"api\"") && body.contains("\"web\""), body);
        assertTrue(body.contains("\"statuses\":\"write\""), body);
        assertTrue(mint.getHeader("Authorization").startsWith("Bearer "), "the mint must be signed as the app");
        assertFalse(mint.getHeader("Authorization").contains(password));
        // a second read within the grace period shares the token instead of minting again
        assertEquals(password, app.getPassword().getPlainText());
        assertEquals(1, minted.get());
    }

    @Test
    void onAnAgentTheCredentialAsksTheControllerAndHoldsNoKey(JenkinsRule r) throws Exception {
        Slave agent = r.createOnlineSlave();
        GitHubAppKeyCredentials app = CredentialFixtures.gitHubApp("app", serverUrl());

        String[] seenOnAgent = agent.getChannel().call(new ReadOnAgent(app));

        assertTrue(seenOnAgent[0].startsWith("ghs_Minted"), "the agent did not get an installation token");
        assertEquals("x-access-token", seenOnAgent[1]);
        assertFalse(seenOnAgent[2].equals(GitHubAppKeyCredentials.class.getName()),
                "the credential itself, with its key, was sent to the agent");
        assertTrue(AgentTokenRelay.size() >= 1, "no handle was granted for the agent");
    }

    @Test
    void gitClientsSnapshotIsAPlainUsernamePasswordHoldingAMintedTokenAndNoKey(JenkinsRule r) throws Exception {
        GitHubAppKeyCredentials app = CredentialFixtures.gitHubApp("app", serverUrl());

        // what git-client's RemoteGitImpl.addCredentials does on the controller before the checkout runs on an agent
        StandardCredentials snapshot = CredentialsProvider.snapshot(StandardCredentials.class, app);

        assertInstanceOf(UsernamePasswordCredentialsImpl.class, snapshot);
        UsernamePasswordCredentialsImpl plain = (UsernamePasswordCredentialsImpl) snapshot;
        assertEquals("x-access-token", plain.getUsername());
        assertTrue(plain.getPassword().getPlainText().startsWith("ghs_Minted"), "the snapshot holds no minted token");
        assertEquals(1, minted.get());
        String serialized = Jenkins.XSTREAM2.toXML(plain);
        assertFalse(serialized.contains(CredentialFixtures.appKeyBody()), "the snapshot holds the app key");
        assertFalse(serialized.contains(GitHubAppKeyCredentials.class.getName()), serialized);
    }

    /** Runs on the agent: what a consumer such as git sees there. */
    private static final class ReadOnAgent extends MasterToSlaveCallable<String[], RuntimeException> {
        private static final long serialVersionUID = 1L;
        private final StandardUsernamePasswordCredentials credentials;

        ReadOnAgent(StandardUsernamePasswordCredentials credentials) {
            this.credentials = credentials;
        }

        @Override
        public String[] call() {
            return new String[] {
                credentials.getPassword().getPlainText(), credentials.getUsername(), credentials.getClass().getName()
            };
        }
    }
}
