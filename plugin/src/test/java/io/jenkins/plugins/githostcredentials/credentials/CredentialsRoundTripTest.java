package io.jenkins.plugins.githostcredentials.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsNameProvider;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.security.ACL;
import io.jenkins.plugins.githostcredentials.GitHostCredentials;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import io.jenkins.plugins.githostcredentials.core.session.TokenSource;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** Every kind: created, saved, read back after a restart, found by ID, and usable as username/password. */
class CredentialsRoundTripTest {

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void everyKindSurvivesARestartWithSecretsEncryptedOnDisk() throws Throwable {
        sessions.then(r -> {
            List<com.cloudbees.plugins.credentials.Credentials> store = SystemCredentialsProvider.getInstance().getCredentials();
            store.add(CredentialFixtures.gitHub("github", null));
            store.add(CredentialFixtures.gitLab("gitlab", "https://gitlab.example.com/gitlab"));
            store.add(CredentialFixtures.bitbucketCloudApi("bb-api"));
            store.add(CredentialFixtures.bitbucketCloudAccess("bb-access"));
            store.add(CredentialFixtures.bitbucketDataCenter("bb-dc", BitbucketDataCenterTokenScope.REPOSITORY));
            store.add(CredentialFixtures.azureDevOps("azure"));
            store.add(CredentialFixtures.gitea("gitea", "https://gitea.example.com/"));
            store.add(CredentialFixtures.gitHubApp("app", "https://github.example.com/api/v3"));
            SystemCredentialsProvider.getInstance().save();

            String xml = Files.readString(new File(r.jenkins.getRootDir(), "credentials.xml").toPath(), StandardCharsets.UTF_8);
            for (String secret : List.of(CredentialFixtures.GITHUB_TOKEN, CredentialFixtures.GITLAB_TOKEN,
                    CredentialFixtures.BITBUCKET_API_TOKEN, CredentialFixtures.BITBUCKET_ACCESS_TOKEN,
                    CredentialFixtures.BITBUCKET_DC_TOKEN, CredentialFixtures.AZURE_TOKEN, CredentialFixtures.GITEA_TOKEN,
                    CredentialFixtures.appKeyBody())) {
                assertFalse(xml.contains(secret), "a secret is stored in clear text in credentials.xml");
            }
        });
        sessions.then(r -> {
            assertStored(r, "github", GitHubTokenCredentials.class, HostKind.GITHUB, TokenKind.GITHUB_CLASSIC_PAT,
                    "x-access-token", CredentialFixtures.GITHUB_TOKEN);
            assertStored(r, "gitlab", GitLabTokenCredentials.class, HostKind.GITLAB, TokenKind.GITLAB_ACCESS_TOKEN,
                    "oauth2", CredentialFixtures.GITLAB_TOKEN);
            assertStored(r, "bb-api", BitbucketCloudApiTokenCredentials.class, HostKind.BITBUCKET_CLOUD,
                    TokenKind.BITBUCKET_API_TOKEN, "ci-bot", CredentialFixtures.BITBUCKET_API_TOKEN);
            assertStored(r, "bb-access", BitbucketCloudAccessTokenCredentials.class, HostKind.BITBUCKET_CLOUD,
                    TokenKind.BITBUCKET_ACCESS_TOKEN, "x-token-auth", CredentialFixtures.BITBUCKET_ACCESS_TOKEN);
            // repository tokens work only as a Bearer header: no username for a username/password consumer
            assertStored(r, "bb-dc", BitbucketDataCenterTokenCredentials.class, HostKind.BITBUCKET_DATA_CENTER,
                    TokenKind.BITBUCKET_DC_REPOSITORY_TOKEN, "", CredentialFixtures.BITBUCKET_DC_TOKEN);
            assertStored(r, "azure", AzureDevOpsTokenCredentials.class, HostKind.AZURE_DEVOPS,
                    TokenKind.AZURE_DEVOPS_PAT, "pat", CredentialFixtures.AZURE_TOKEN);
            assertStored(r, "gitea", GiteaTokenCredentials.class, HostKind.GITEA, TokenKind.GITEA_TOKEN, "oauth2",
                    CredentialFixtures.GITEA_TOKEN);

            GitLabTokenCredentials gitLab = find(r, "gitlab", GitLabTokenCredentials.class);
            assertEquals("https://gitlab.example.com/gitlab/api/v4", gitLab.endpoint().apiBaseUrl());
            BitbucketCloudApiTokenCredentials api = find(r, "bb-api", BitbucketCloudApiTokenCredentials.class);
            assertEquals("ci@example.com", ((TokenSource.StoredToken) api.tokenSource()).email());

            GitHubAppKeyCredentials app = find(r, "app", GitHubAppKeyCredentials.class);
            TokenSource.GitHubAppInstallation source = app.tokenSource();
            assertEquals(HostKind.GITHUB_ENTERPRISE, source.endpoint().kind());
            assertEquals("Iv23liTestClient01", source.app().issuer());
            assertEquals("acme", source.owner());
            assertEquals(List.of("api", "web"), source.defaultRepositories());
            assertEquals(java.util.Map.of("contents", "read", "statuses", "write"), source.defaultPermissions());
            assertEquals("x-access-token", app.getUsername());
            assertFalse(app.isUsernameSecret());
        });
    }

    private static <C extends GitHostCredentials> void assertStored(JenkinsRule r, String id, Class<C> type,
            HostKind host, TokenKind kind, String username, String token) {
        C credentials = find(r, id, type);
        TokenSource.StoredToken source = (TokenSource.StoredToken) credentials.tokenSource();
        assertEquals(host, source.endpoint().kind(), id);
        assertEquals(kind, source.kind(), id);
        // the view the git plugin uses
        StandardUsernamePasswordCredentials asUsernamePassword = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(
                        StandardUsernamePasswordCredentials.class, r.jenkins, ACL.SYSTEM2, List.of()),
                CredentialsMatchers.withId(id));
        assertNotNull(asUsernamePassword, id);
        assertEquals(username, asUsernamePassword.getUsername(), id);
        assertEquals(token, asUsernamePassword.getPassword().getPlainText(), id);
        assertFalse(asUsernamePassword.isUsernameSecret(), id);
        String shown = CredentialsNameProvider.name(credentials) + " " + credentials;
        assertTrue(shown.contains(source.endpoint().hostName()), shown);
        assertFalse(shown.contains(token), "the token shows in the credential's name or toString");
    }

    private static <C extends GitHostCredentials> C find(JenkinsRule r, String id, Class<C> type) {
        C found = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(type, r.jenkins, ACL.SYSTEM2, List.of()),
                CredentialsMatchers.withId(id));
        assertNotNull(found, "no " + type.getSimpleName() + " with ID " + id);
        return assertInstanceOf(type, found);
    }
}
