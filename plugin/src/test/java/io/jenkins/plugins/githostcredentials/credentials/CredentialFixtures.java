package io.jenkins.plugins.githostcredentials.credentials;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.util.Secret;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.RootElementConfigurator;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.model.CNode;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Credentials of every kind with realistic token formats, and a freshly generated GitHub App key. */
final class CredentialFixtures {

    static final String GITHUB_TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";
    static final String GITLAB_TOKEN = "glpat-" + "xY12zW34vU56tS78rQ90";
    static final String BITBUCKET_API_TOKEN = "ATATT3xFfGF0" + "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
    static final String BITBUCKET_ACCESS_TOKEN = "ATCTT3xFfGN0" + "zYxWvUtSrQpOnMlKjIhGfEdCbA9876543210";
    static final String BITBUCKET_DC_TOKEN = "BBDC-" + "NzQ2MDkzMjE4NjE0OlVmTqL0xG2rWb8sRk1Y7yQ3cA9h";
    static final String AZURE_TOKEN = "abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst";
    static final String GITEA_TOKEN = "0123456789abcdef0123456789abcdef01234567";

    static final String APP_KEY_PEM = generatePkcs8Pem();

    private CredentialFixtures() {}

    static GitHubTokenCredentials gitHub(String id, String serverUrl) throws Exception {
        return new GitHubTokenCredentials(CredentialsScope.GLOBAL, id, "GitHub bot", serverUrl, Secret.fromString(GITHUB_TOKEN));
    }

    static GitLabTokenCredentials gitLab(String id, String serverUrl) throws Exception {
        return new GitLabTokenCredentials(CredentialsScope.GLOBAL, id, "GitLab bot", serverUrl, Secret.fromString(GITLAB_TOKEN));
    }

    static BitbucketCloudApiTokenCredentials bitbucketCloudApi(String id) throws Exception {
        BitbucketCloudApiTokenCredentials c = new BitbucketCloudApiTokenCredentials(
                CredentialsScope.GLOBAL, id, null, "ci@example.com", Secret.fromString(BITBUCKET_API_TOKEN));
        c.setGitUsername("ci-bot");
        return c;
    }

    static BitbucketCloudAccessTokenCredentials bitbucketCloudAccess(String id) throws Exception {
        return new BitbucketCloudAccessTokenCredentials(
                CredentialsScope.GLOBAL, id, null, Secret.fromString(BITBUCKET_ACCESS_TOKEN));
    }

    static BitbucketDataCenterTokenCredentials bitbucketDataCenter(String id, BitbucketDataCenterTokenScope scope)
            throws Exception {
        return new BitbucketDataCenterTokenCredentials(CredentialsScope.GLOBAL, id, null,
                "https://bitbucket.example.com/scm/PROJ/repo.git", scope, Secret.fromString(BITBUCKET_DC_TOKEN));
    }

    static AzureDevOpsTokenCredentials azureDevOps(String id) throws Exception {
        return new AzureDevOpsTokenCredentials(
                CredentialsScope.GLOBAL, id, null, "https://dev.azure.com/acme", Secret.fromString(AZURE_TOKEN));
    }

    static GiteaTokenCredentials gitea(String id, String serverUrl) throws Exception {
        return new GiteaTokenCredentials(CredentialsScope.GLOBAL, id, null, serverUrl, Secret.fromString(GITEA_TOKEN));
    }

    static GitHubAppKeyCredentials gitHubApp(String id, String serverUrl) throws Exception {
        GitHubAppKeyCredentials c = new GitHubAppKeyCredentials(
                CredentialsScope.GLOBAL, id, "Jenkins app", "Iv23liTestClient01", Secret.fromString(APP_KEY_PEM), serverUrl);
        c.setOwner("acme");
        c.setRepositories("api, web");
        c.setPermissions("contents:read, statuses:write");
        return c;
    }

    /** A 2048-bit RSA key in PKCS#8 PEM, as some admins paste it. */
    private static String generatePkcs8Pem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .encodeToString(pair.getPrivate().getEncoded());
            return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The base64 body of the PEM: any part of it in a file or page means the key leaked. */
    static String appKeyBody() {
        return APP_KEY_PEM.lines().filter(l -> !l.startsWith("-----")).skip(2).findFirst().orElseThrow();
    }

    /** The credentials section of a configuration-as-code export, as YAML (the content below {@code credentials:}). */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static String exportCredentials() throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        for (RootElementConfigurator root : RootElementConfigurator.all()) {
            if (root.getName().equals("credentials")) {
                CNode node = root.describe(root.getTargetComponent(context), context);
                return Util.toYamlString(node);
            }
        }
        throw new AssertionError("no credentials root in configuration-as-code");
    }
}
