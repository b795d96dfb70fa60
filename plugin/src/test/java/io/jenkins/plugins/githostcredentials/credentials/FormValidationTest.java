package io.jenkins.plugins.githostcredentials.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Descriptor.FormException;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.core.github.GitHubAppKey;
import io.jenkins.plugins.githostcredentials.core.host.GitLogin;
import io.jenkins.plugins.githostcredentials.core.host.HostCatalog;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import io.jenkins.plugins.githostcredentials.core.SecretText;
import java.util.concurrent.Callable;
import jenkins.model.Jenkins;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Field checks give core's messages to administrators, and nothing at all (no message, no network call) to users
 * without Overall/Manage.
 */
@WithJenkins
class FormValidationTest {

    private MockWebServer host;

    @BeforeEach
    void startHost() throws Exception {
        host = new MockWebServer();
        host.start();
    }

    @AfterEach
    void stopHost() throws Exception {
        host.shutdown();
    }

    private static GitLabTokenCredentials.DescriptorImpl gitLab() {
        return Jenkins.get().getDescriptorByType(GitLabTokenCredentials.DescriptorImpl.class);
    }

    private static GitHubAppKeyCredentials.DescriptorImpl app() {
        return Jenkins.get().getDescriptorByType(GitHubAppKeyCredentials.DescriptorImpl.class);
    }

    @Test
    void serverUrlCheckShowsTheApiOrCoreMessage(JenkinsRule r) {
        FormValidation ok = gitLab().doCheckServerUrl(null, "https://example.com/gitlab/");
        assertEquals(FormValidation.Kind.OK, ok.kind);
        assertTrue(ok.getMessage().contains("https://example.com/gitlab/api/v4"), ok.getMessage());

        FormValidation ssh = gitLab().doCheckServerUrl(null, "git@gitlab.com:acme/api.git");
        assertEquals(FormValidation.Kind.ERROR, ssh.kind);
        assertTrue(ssh.getMessage().contains("SSH"), ssh.getMessage());

        // an empty required URL is asked for on save, not flagged on a form just opened
        FormValidation gitea = Jenkins.get().getDescriptorByType(GiteaTokenCredentials.DescriptorImpl.class)
                .doCheckServerUrl(null, "");
        assertEquals(FormValidation.Kind.OK, gitea.kind);
        FormValidation giteaTyped = Jenkins.get().getDescriptorByType(GiteaTokenCredentials.DescriptorImpl.class)
                .doCheckServerUrl(null, "gitea.acme.com/");
        assertTrue(giteaTyped.getMessage().contains("https://gitea.acme.com/api/v1"), giteaTyped.getMessage());

        FormValidation ghes = Jenkins.get().getDescriptorByType(GitHubTokenCredentials.DescriptorImpl.class)
                .doCheckServerUrl(null, "https://github.example.com/acme/api");
        assertTrue(ghes.getMessage().contains("https://github.example.com/api/v3"), ghes.getMessage());
    }

    @Test
    void tokenCheckNamesTheKindOrTheWrongHostWithoutEchoingTheToken(JenkinsRule r) {
        FormValidation ok = Jenkins.get().getDescriptorByType(GitHubTokenCredentials.DescriptorImpl.class)
                .doCheckToken(null, CredentialFixtures.GITHUB_TOKEN);
        assertEquals(FormValidation.Kind.OK, ok.kind);
        assertTrue(ok.getMessage().contains(TokenKind.GITHUB_CLASSIC_PAT.displayName()), ok.getMessage());

        FormValidation wrongHost = gitLab().doCheckToken(null, CredentialFixtures.GITHUB_TOKEN);
        assertEquals(FormValidation.Kind.ERROR, wrongHost.kind);
        assertTrue(wrongHost.getMessage().contains("GitHub"), wrongHost.getMessage());
        assertFalse(wrongHost.getMessage().contains(CredentialFixtures.GITHUB_TOKEN));

        // an unchanged password field posts the encrypted value
        FormValidation encrypted = gitLab().doCheckToken(null, Secret.fromString(CredentialFixtures.GITLAB_TOKEN).getEncryptedValue());
        assertEquals(FormValidation.Kind.OK, encrypted.kind, encrypted.getMessage());

        FormValidation accessTokenAsApiToken = Jenkins.get()
                .getDescriptorByType(BitbucketCloudApiTokenCredentials.DescriptorImpl.class)
                .doCheckToken(null, CredentialFixtures.BITBUCKET_ACCESS_TOKEN);
        assertEquals(FormValidation.Kind.ERROR, accessTokenAsApiToken.kind);

        assertEquals(FormValidation.Kind.OK, gitLab().doCheckToken(null, "  ").kind);
        assertEquals(FormValidation.Kind.ERROR, gitLab().doCheckToken(null, "glpat-with space").kind);
    }

    @Test
    void appChecksGiveKeyFingerprintAndCoreMessages(JenkinsRule r) {
        FormValidation key = app().doCheckPrivateKey(null, CredentialFixtures.APP_KEY_PEM);
        assertEquals(FormValidation.Kind.OK, key.kind);
        String fingerprint = GitHubAppKey.parse(CredentialFixtures.APP_KEY_PEM).fingerprint();
        assertTrue(key.getMessage().contains("Key OK: RSA 2048, fingerprint " + fingerprint), key.getMessage());

        FormValidation publicKey = app().doCheckPrivateKey(null, "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 me@host");
        assertEquals(FormValidation.Kind.ERROR, publicKey.kind);
        assertTrue(publicKey.getMessage().contains("SSH public key"), publicKey.getMessage());

        assertEquals(FormValidation.Kind.OK, app().doCheckAppId(null, "123456").kind);
        assertEquals(FormValidation.Kind.OK, app().doCheckAppId(null, "Iv23liAbCdEf12345678").kind);
        FormValidation oauth = app().doCheckAppId(null, "Ov23liAbCdEf12345678");
        assertEquals(FormValidation.Kind.ERROR, oauth.kind);
        assertTrue(oauth.getMessage().contains("OAuth app"), oauth.getMessage());

        assertTrue(app().doCheckOwner(null, "12345678").getMessage().contains("installation 12345678"));
        assertEquals(FormValidation.Kind.ERROR, app().doCheckOwner(null, "acme/api").kind);
        assertEquals(FormValidation.Kind.ERROR, app().doCheckPermissions(null, "contents").kind);
        FormValidation typo = app().doCheckPermissions(null, "content:read");
        assertEquals(FormValidation.Kind.ERROR, typo.kind);
        assertTrue(typo.getMessage().contains("contents"), typo.getMessage());
        assertEquals(FormValidation.Kind.OK, app().doCheckPermissions(null, "contents:read pull_requests=write").kind);
        assertEquals(FormValidation.Kind.ERROR, app().doCheckRepositories(null, "acme/api, not a repo!").kind);
        assertEquals(FormValidation.Kind.OK, app().doCheckRepositories(null, "acme/api, web").kind);
    }

    @Test
    void saveRefusesWhatCoreRefuses(JenkinsRule r) {
        FormException wrongHost = assertThrows(FormException.class, () -> new GitLabTokenCredentials(
                null, "x", null, null, Secret.fromString(CredentialFixtures.GITHUB_TOKEN)));
        assertEquals("token", wrongHost.getFormField());
        FormException noEmail = assertThrows(FormException.class, () -> new BitbucketCloudApiTokenCredentials(
                null, "x", null, " ", Secret.fromString(CredentialFixtures.BITBUCKET_API_TOKEN)));
        assertEquals("email", noEmail.getFormField());
        FormException badKey = assertThrows(FormException.class, () -> new GitHubAppKeyCredentials(
                null, "x", null, "123456", Secret.fromString("not a key"), null));
        assertEquals("privateKey", badKey.getFormField());
        assertFalse(badKey.getMessage().contains("not a key"));
    }

    @Test
    void theAppUsernameIsCoreInstallationTokenUsername(JenkinsRule r) {
        GitLogin login = HostCatalog.gitLogin(HostKind.GITHUB, TokenKind.GITHUB_INSTALLATION, SecretText.of("ghs_x"), null);
        assertEquals(GitHubAppKeyCredentials.GIT_USERNAME, ((GitLogin.Basic) login).username());
    }

    @Test
    void usersWithoutManageGetNothingAndNoCallIsMade(JenkinsRule r) throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().to("reader")
                .grant(Jenkins.MANAGE).everywhere().to("manager"));
        String serverUrl = host.url("/").toString();

        FormValidation reader = as("reader", () -> gitLab().doCheckToken(null, CredentialFixtures.GITHUB_TOKEN));
        assertSame(FormValidation.ok(), reader, "a reader must not learn anything from a check");
        assertSame(FormValidation.ok(), as("reader", () -> gitLab().doCheckServerUrl(null, "ssh://nope")));
        assertSame(FormValidation.ok(), as("reader", () -> app().doCheckPrivateKey(null, CredentialFixtures.APP_KEY_PEM)));
        assertSame(FormValidation.ok(), as("reader", () -> gitLab().doVerify(
                null, serverUrl, CredentialFixtures.GITLAB_TOKEN, null, null, null, null, "checkout")));
        assertSame(FormValidation.ok(), as("reader", () -> app().doVerify(null, "123456", CredentialFixtures.APP_KEY_PEM,
                serverUrl, "acme", null, null, null, null, null, null)));
        assertEquals(0, host.getRequestCount(), "a user without Overall/Manage made the controller call a URL");

        FormValidation manager = as("manager", () -> gitLab().doCheckToken(null, CredentialFixtures.GITHUB_TOKEN));
        assertEquals(FormValidation.Kind.ERROR, manager.kind);
    }

    private static FormValidation as(String user, Callable<FormValidation> check) throws Exception {
        try (ACLContext ignored = ACL.as2(User.getById(user, true).impersonate2())) {
            return check.call();
        }
    }
}
