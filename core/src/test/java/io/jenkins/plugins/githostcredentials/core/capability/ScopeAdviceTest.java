package io.jenkins.plugins.githostcredentials.core.capability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.host.HostCatalog;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScopeAdviceTest {

    @Test
    void formHelpListsEveryCapabilityInTheHostsWords() {
        Map<Capability, String> classic = ScopeAdvice.forHost(HostKind.GITHUB, TokenKind.GITHUB_CLASSIC_PAT);
        assertEquals(List.of(Capability.values()), List.copyOf(classic.keySet()));
        assertEquals("repo", classic.get(Capability.CHECKOUT));
        assertEquals("repo:status", classic.get(Capability.COMMIT_STATUS));
        assertEquals(ScopeAdvice.NOT_SUPPORTED, classic.get(Capability.CHECKS));

        Map<Capability, String> app = ScopeAdvice.forHost(HostKind.GITHUB, TokenKind.GITHUB_INSTALLATION);
        assertEquals("checks:write", app.get(Capability.CHECKS));
        assertEquals("pull_requests:write or issues:write", app.get(Capability.PULL_REQUEST_COMMENT));

        Map<Capability, String> gitlab = ScopeAdvice.forHost(HostKind.GITLAB, TokenKind.GITLAB_ACCESS_TOKEN);
        assertEquals("write_repository or api", gitlab.get(Capability.PUSH));
        assertEquals(ScopeAdvice.NOT_SUPPORTED, gitlab.get(Capability.CHECKS));

        assertEquals("read:repository:bitbucket and write:repository:bitbucket",
                ScopeAdvice.forHost(HostKind.BITBUCKET_CLOUD, TokenKind.BITBUCKET_API_TOKEN).get(Capability.PUSH));
        assertEquals("vso.code_status", ScopeAdvice.forHost(HostKind.AZURE_DEVOPS, TokenKind.AZURE_DEVOPS_PAT)
                .get(Capability.COMMIT_STATUS));
        assertEquals("REPO_WRITE", ScopeAdvice.forHost(HostKind.BITBUCKET_DATA_CENTER, TokenKind.BITBUCKET_DC_PROJECT_TOKEN)
                .get(Capability.PUSH));
        assertEquals("write:issue", ScopeAdvice.forHost(HostKind.GITEA, TokenKind.GITEA_TOKEN)
                .get(Capability.PULL_REQUEST_COMMENT));
    }

    @Test
    void checksAreExplainedWhereUnsupported() {
        assertTrue(ScopeAdvice.unsupportedReason(HostKind.GITLAB, TokenKind.GITLAB_ACCESS_TOKEN, Capability.CHECKS)
                .orElseThrow().contains("not supported on GitLab"));
        assertTrue(ScopeAdvice.unsupportedReason(HostKind.GITHUB, TokenKind.GITHUB_FINE_GRAINED_PAT, Capability.CHECKS)
                .orElseThrow().contains("only GitHub Apps"));
        assertFalse(ScopeAdvice.unsupportedReason(HostKind.GITHUB, TokenKind.GITHUB_INSTALLATION, Capability.CHECKS).isPresent());
    }

    @Test
    void grantedScopesUnderstandImplications() {
        GrantedScopes github = GrantedScopes.fromHeader(PermissionDialect.GITHUB, "repo, admin:org");
        assertTrue(github.covers("repo:status"));
        assertTrue(github.covers("read:org"));
        assertFalse(github.covers("read:user"));

        GrantedScopes gitlab = GrantedScopes.of(PermissionDialect.GITLAB, List.of("api"));
        assertTrue(gitlab.satisfies(ScopeRule.of("read_repository")));

        GrantedScopes apiToken = GrantedScopes.fromHeader(PermissionDialect.BITBUCKET_CLOUD, "write:repository:bitbucket");
        assertFalse(apiToken.covers("read:repository:bitbucket"), "Atlassian: write does not imply read");

        GrantedScopes dc = GrantedScopes.of(PermissionDialect.BITBUCKET_DATA_CENTER, List.of("project_write"));
        assertTrue(dc.covers("REPO_READ"));
        assertFalse(dc.covers("REPO_ADMIN"));

        assertTrue(ScopeRule.of("contents:read").satisfiedByGitHubPermissions(Map.of("contents", "write")));
        assertFalse(ScopeRule.of("contents:write").satisfiedByGitHubPermissions(Map.of("contents", "read")));
    }

    @Test
    void classicTokenLinkPrefillsTheScopes() {
        var github = HostCatalog.resolve(HostKind.GITHUB, "");
        assertEquals("https://github.com/settings/tokens/new?scopes=repo,read:user&description=Jenkins",
                ScopeAdvice.tokenCreationUrl(github, TokenKind.GITHUB_CLASSIC_PAT,
                        Requirements.parse(List.of("checkout", "commit-status", "read-user")), null).orElseThrow());

        var ghes = HostCatalog.resolve(HostKind.GITHUB_ENTERPRISE, "https://github.example.com");
        assertEquals("https://github.example.com/settings/tokens/new?scopes=repo&description=Jenkins",
                ScopeAdvice.tokenCreationUrl(ghes, TokenKind.GITHUB_CLASSIC_PAT, Requirements.none(), null).orElseThrow());
    }

    @Test
    void fineGrainedLinkPrefillsPermissionsOnGitHubDotComOnly() {
        var github = HostCatalog.resolve(HostKind.GITHUB, "");
        assertEquals("https://github.com/settings/personal-access-tokens/new?name=Jenkins&description=Used+by+Jenkins"
                        + "&target_name=octo-org&contents=write&statuses=write&pull_requests=write",
                ScopeAdvice.tokenCreationUrl(github, TokenKind.GITHUB_FINE_GRAINED_PAT,
                        Requirements.parse(List.of("checkout", "push", "commit-status", "github:pull_requests=write")),
                        "octo-org/hello").orElseThrow());

        var ghes = HostCatalog.resolve(HostKind.GITHUB_ENTERPRISE, "https://github.example.com");
        assertEquals("https://github.example.com/settings/personal-access-tokens/new",
                ScopeAdvice.tokenCreationUrl(ghes, TokenKind.GITHUB_FINE_GRAINED_PAT,
                        Requirements.parse(List.of("checkout")), null).orElseThrow());
    }

    @Test
    void otherHostsGetTheirTokenPages() {
        var gitlab = HostCatalog.resolve(HostKind.GITLAB, "https://gitlab.example.com");
        assertEquals("https://gitlab.example.com/-/user_settings/personal_access_tokens?name=Jenkins&scopes=api,read_user",
                ScopeAdvice.tokenCreationUrl(gitlab, TokenKind.GITLAB_ACCESS_TOKEN,
                        Requirements.parse(List.of("commit-status", "read-user")), null).orElseThrow());
        var azure = HostCatalog.resolve(HostKind.AZURE_DEVOPS, "https://dev.azure.com/fabrikam");
        assertEquals("https://dev.azure.com/fabrikam/_usersSettings/tokens",
                ScopeAdvice.tokenCreationUrl(azure, TokenKind.AZURE_DEVOPS_PAT, Requirements.none(), null).orElseThrow());
        var gitea = HostCatalog.resolve(HostKind.GITEA, "https://gitea.example.com");
        assertEquals("https://gitea.example.com/user/settings/applications",
                ScopeAdvice.tokenCreationUrl(gitea, TokenKind.GITEA_TOKEN, Requirements.none(), null).orElseThrow());
        var bitbucket = HostCatalog.resolve(HostKind.BITBUCKET_CLOUD, "");
        assertEquals("https://bitbucket.org/acme/app/admin/access-tokens",
                ScopeAdvice.tokenCreationUrl(bitbucket, TokenKind.BITBUCKET_ACCESS_TOKEN, Requirements.none(), "acme/app").orElseThrow());
    }
}
