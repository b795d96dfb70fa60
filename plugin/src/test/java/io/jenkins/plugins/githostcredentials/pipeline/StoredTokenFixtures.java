package io.jenkins.plugins.githostcredentials.pipeline;

import com.cloudbees.plugins.credentials.CredentialsScope;
import hudson.util.Secret;
import io.jenkins.plugins.githostcredentials.credentials.AzureDevOpsTokenCredentials;
import io.jenkins.plugins.githostcredentials.credentials.BitbucketCloudAccessTokenCredentials;
import io.jenkins.plugins.githostcredentials.credentials.BitbucketCloudApiTokenCredentials;
import io.jenkins.plugins.githostcredentials.credentials.BitbucketDataCenterTokenCredentials;
import io.jenkins.plugins.githostcredentials.credentials.BitbucketDataCenterTokenScope;
import io.jenkins.plugins.githostcredentials.credentials.GitHubTokenCredentials;
import io.jenkins.plugins.githostcredentials.credentials.GitLabTokenCredentials;
import io.jenkins.plugins.githostcredentials.credentials.GiteaTokenCredentials;

/** One stored-token credential of each kind, with token values in each vendor's format. */
final class StoredTokenFixtures {

    static final String GITHUB_TOKEN = "ghp_" + "Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8";
    static final String GITLAB_TOKEN = "glpat-" + "Mn8Bv7Cx6Zl5Kj4Hg3Fd";
    static final String BITBUCKET_API_TOKEN = "ATATT3xFfGF0" + "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8Nn";
    static final String BITBUCKET_ACCESS_TOKEN = "ATCTT3xFfGN0" + "Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk1Ll2Mm";
    static final String BITBUCKET_DC_TOKEN = "BBDC-" + "OTg3NjU0MzIxMDk4OlpYQ1ZCTk1hc2RmZ2hqa2w";
    static final String AZURE_TOKEN = "zyxwvutsrqponmlkjihgfedcba765432zyxwvutsrqponmlkjihg";
    static final String GITEA_TOKEN = "fedcba9876543210fedcba9876543210fedcba98";

    private StoredTokenFixtures() {}

    static GitHubTokenCredentials gitHub(String id, String serverUrl) throws Exception {
        return new GitHubTokenCredentials(CredentialsScope.GLOBAL, id, null, serverUrl, Secret.fromString(GITHUB_TOKEN));
    }

    static GitLabTokenCredentials gitLab(String id) throws Exception {
        return new GitLabTokenCredentials(CredentialsScope.GLOBAL, id, null, "https://gitlab.example.com",
                Secret.fromString(GITLAB_TOKEN));
    }

    static BitbucketCloudApiTokenCredentials bitbucketCloudApi(String id) throws Exception {
        BitbucketCloudApiTokenCredentials credentials = new BitbucketCloudApiTokenCredentials(
                CredentialsScope.GLOBAL, id, null, "ci@example.com", Secret.fromString(BITBUCKET_API_TOKEN));
        credentials.setGitUsername("ci-bot");
        return credentials;
    }

    static BitbucketCloudAccessTokenCredentials bitbucketCloudAccess(String id) throws Exception {
        return new BitbucketCloudAccessTokenCredentials(CredentialsScope.GLOBAL, id, null,
                Secret.fromString(BITBUCKET_ACCESS_TOKEN));
    }

    static BitbucketDataCenterTokenCredentials bitbucketDataCenter(String id, BitbucketDataCenterTokenScope scope)
            throws Exception {
        return new BitbucketDataCenterTokenCredentials(CredentialsScope.GLOBAL, id, null,
                "https://bitbucket.example.com", scope, Secret.fromString(BITBUCKET_DC_TOKEN));
    }

    static AzureDevOpsTokenCredentials azureDevOps(String id) throws Exception {
        return new AzureDevOpsTokenCredentials(CredentialsScope.GLOBAL, id, null, "https://dev.azure.com/acme",
                Secret.fromString(AZURE_TOKEN));
    }

    static GiteaTokenCredentials gitea(String id) throws Exception {
        return new GiteaTokenCredentials(CredentialsScope.GLOBAL, id, null, "https://gitea.example.com",
                Secret.fromString(GITEA_TOKEN));
    }
}
