package io.jenkins.plugins.githostcredentials.credentials;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.capability.Requirements;
import io.jenkins.plugins.githostcredentials.core.capability.ScopeAdvice;
import io.jenkins.plugins.githostcredentials.core.host.HostCatalog;
import io.jenkins.plugins.githostcredentials.core.host.HostEndpoint;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every form field has help, and the prefilled "create a token" links in the help are the ones core's scope advice
 * builds, so the help cannot drift from what Verify checks.
 */
class HelpFilesTest {

    private static final Map<Class<?>, List<String>> FIELDS = Map.of(
            GitHubTokenCredentials.class, List.of("serverUrl", "token", "gitUsername"),
            GitHubAppKeyCredentials.class, List.of("appId", "privateKey", "serverUrl", "owner", "repositories", "permissions", "tokenPolicy"),
            GitLabTokenCredentials.class, List.of("serverUrl", "token", "gitUsername"),
            BitbucketCloudApiTokenCredentials.class, List.of("email", "token", "gitUsername"),
            BitbucketCloudAccessTokenCredentials.class, List.of("token"),
            BitbucketDataCenterTokenCredentials.class, List.of("serverUrl", "tokenScope", "token", "gitUsername"),
            AzureDevOpsTokenCredentials.class, List.of("serverUrl", "token", "gitUsername"),
            GiteaTokenCredentials.class, List.of("serverUrl", "token", "gitUsername"));

    @Test
    void everyFieldHasHelpAndEveryKindAForm() {
        FIELDS.forEach((type, fields) -> {
            assertNotNull(resource(type, "credentials.jelly"), type.getSimpleName() + " has no credentials.jelly");
            for (String field : fields) {
                assertTrue(help(type, field) != null, type.getSimpleName() + " has no help for " + field);
            }
            assertNotNull(help(type, "verifyRepository"));
            assertNotNull(help(type, "verifyRequirements"));
        });
    }

    @Test
    void gitHubLinksAreCoreLinks() throws IOException {
        HostEndpoint gitHub = HostCatalog.resolve(HostKind.GITHUB, null);
        String help = read(GitHubTokenCredentials.class, "token");
        Requirements all = Requirements.parse(List.of("checkout, push, commit-status, pull-request-comment"));
        assertLinked(help, ScopeAdvice.tokenCreationUrl(gitHub, TokenKind.GITHUB_CLASSIC_PAT, all, null).orElseThrow());
        assertLinked(help, ScopeAdvice.tokenCreationUrl(gitHub, TokenKind.GITHUB_FINE_GRAINED_PAT, all, null).orElseThrow());
    }

    @Test
    void gitLabLinksAreCoreLinks() throws IOException {
        HostEndpoint gitLab = HostCatalog.resolve(HostKind.GITLAB, null);
        String help = read(GitLabTokenCredentials.class, "token");
        assertLinked(help, ScopeAdvice.tokenCreationUrl(gitLab, TokenKind.GITLAB_ACCESS_TOKEN,
                Requirements.parse(List.of("checkout")), null).orElseThrow());
        assertLinked(help, ScopeAdvice.tokenCreationUrl(gitLab, TokenKind.GITLAB_ACCESS_TOKEN,
                Requirements.parse(List.of("checkout, push, commit-status, pull-request-comment")), null).orElseThrow());
    }

    private static void assertLinked(String html, String url) {
        assertTrue(html.contains("href=\"" + url.replace("&", "&amp;") + "\""), "help does not link to " + url);
    }

    private static String read(Class<?> type, String field) throws IOException {
        try (InputStream in = help(type, field)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Help is looked up along the class hierarchy, as Jenkins does. */
    private static InputStream help(Class<?> type, String field) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            InputStream in = resource(c, "help-" + field + ".html");
            if (in != null) {
                return in;
            }
        }
        return null;
    }

    private static InputStream resource(Class<?> type, String name) {
        return type.getResourceAsStream(type.getSimpleName() + "/" + name);
    }
}
