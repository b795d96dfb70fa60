package io.jenkins.plugins.githostcredentials.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.security.ACL;
import hudson.util.Secret;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.githostcredentials.GitHostCredentials;
import io.jenkins.plugins.githostcredentials.core.github.TokenPolicy;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Every kind declared in configuration-as-code YAML, and exported again with its secrets encrypted. */
@WithJenkins
class ConfigurationAsCodeTest {

    private static final Map<String, String> SECRETS = Map.of(
            "<GITHUB_TOKEN>", CredentialFixtures.GITHUB_TOKEN,
            "<GITLAB_TOKEN>", CredentialFixtures.GITLAB_TOKEN,
            "<BITBUCKET_API_TOKEN>", CredentialFixtures.BITBUCKET_API_TOKEN,
            "<BITBUCKET_ACCESS_TOKEN>", CredentialFixtures.BITBUCKET_ACCESS_TOKEN,
            "<BITBUCKET_DC_TOKEN>", CredentialFixtures.BITBUCKET_DC_TOKEN,
            "<AZURE_TOKEN>", CredentialFixtures.AZURE_TOKEN,
            "<GITEA_TOKEN>", CredentialFixtures.GITEA_TOKEN);

    @Test
    void importEveryKindThenExportWithSecretsEncrypted(JenkinsRule r, @TempDir Path dir) throws Exception {
        String yaml;
        try (InputStream in = getClass().getResourceAsStream("every-kind.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> secret : SECRETS.entrySet()) {
            yaml = yaml.replace(secret.getKey(), secret.getValue());
        }
        String indentedKey = CredentialFixtures.APP_KEY_PEM.lines().collect(Collectors.joining("\n                "));
        yaml = yaml.replace("<APP_KEY>", indentedKey);
        Path file = dir.resolve("jenkins.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);

        ConfigurationAsCode.get().configure(file.toString());

        GitHubTokenCredentials gitHub = find(r, "github", GitHubTokenCredentials.class);
        assertEquals(CredentialFixtures.GITHUB_TOKEN, gitHub.getPassword().getPlainText());
        assertEquals("GitHub bot", gitHub.getDescription());
        assertEquals("https://github.example.com/api/v3", find(r, "ghes", GitHubTokenCredentials.class).endpoint().apiBaseUrl());
        GitHubAppKeyCredentials app = find(r, "github-app", GitHubAppKeyCredentials.class);
        assertEquals("Iv23liTestClient01", app.getAppId());
        assertEquals(TokenPolicy.REUSE_UNTIL_EXPIRY, app.getTokenPolicy());
        assertEquals(List.of("api", "web"), app.tokenSource().defaultRepositories());
        assertEquals(List.of("api", "acme/web-*"), app.getCeiling().repositoryPatterns());
        assertEquals(Map.of("contents", "write", "statuses", "write"), app.tokenSource().ceiling().permissions());
        GitLabTokenCredentials gitLab = find(r, "gitlab", GitLabTokenCredentials.class);
        assertEquals(CredentialsScope.SYSTEM, gitLab.getScope());
        assertEquals("deploy-bot", gitLab.getUsername());
        assertEquals("ci-bot", find(r, "bitbucket-api", BitbucketCloudApiTokenCredentials.class).getUsername());
        assertEquals("x-token-auth", find(r, "bitbucket-access", BitbucketCloudAccessTokenCredentials.class).getUsername());
        assertEquals(BitbucketDataCenterTokenScope.PROJECT,
                find(r, "bitbucket-dc", BitbucketDataCenterTokenCredentials.class).getTokenScope());
        assertEquals("https://dev.azure.com/acme", find(r, "azure", AzureDevOpsTokenCredentials.class).endpoint().serverUrl());
        assertEquals(CredentialFixtures.GITEA_TOKEN, find(r, "gitea", GiteaTokenCredentials.class).getToken().getPlainText());

        String exported = CredentialFixtures.exportCredentials();
        for (String symbol : List.of("gitHubToken", "gitHubAppKey", "gitLabToken", "bitbucketCloudApiToken",
                "bitbucketCloudAccessToken", "bitbucketDataCenterToken", "azureDevOpsToken", "giteaToken")) {
            assertTrue(exported.contains(symbol + ":"), symbol + " missing from the export:\n" + exported);
        }
        for (String secret : SECRETS.values()) {
            assertFalse(exported.contains(secret), "a token is exported in clear text");
        }
        assertFalse(exported.contains(CredentialFixtures.appKeyBody()), "the app key is exported in clear text");
        assertTrue(exported.contains("tokenScope: \"PROJECT\"") || exported.contains("tokenScope: PROJECT"), exported);
        assertTrue(exported.contains("ceilingRepositories:"), exported);
        assertTrue(exported.contains("ceilingPermissions: \"contents:write, statuses:write\"")
                || exported.contains("ceilingPermissions: contents:write, statuses:write"), exported);

        // what is exported decrypts to the same secrets on this controller
        Matcher token = Pattern.compile("token: \"(\\{[^\"]+\\})\"").matcher(exported);
        assertTrue(token.find(), exported);
        Secret decrypted = Secret.decrypt(token.group(1));
        assertNotNull(decrypted);
        assertTrue(SECRETS.containsValue(decrypted.getPlainText()));
    }

    private static <C extends GitHostCredentials> C find(JenkinsRule r, String id, Class<C> type) {
        C found = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(type, r.jenkins, ACL.SYSTEM2, List.of()),
                CredentialsMatchers.withId(id));
        assertNotNull(found, id);
        return found;
    }
}
