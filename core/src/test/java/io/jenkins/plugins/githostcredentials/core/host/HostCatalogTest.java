package io.jenkins.plugins.githostcredentials.core.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.SecretText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostCatalogTest {

    @ParameterizedTest(name = "{0} ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "GITHUB|                                          |https://github.com|https://api.github.com",
        "GITHUB|https://github.com/                       |https://github.com|https://api.github.com",
        "GITHUB|https://github.com/acme/api.git           |https://github.com|https://api.github.com",
        "GITHUB|api.github.com                            |https://github.com|https://api.github.com",
        "GITHUB_ENTERPRISE|https://ghe.acme.com           |https://ghe.acme.com|https://ghe.acme.com/api/v3",
        "GITHUB_ENTERPRISE|https://ghe.acme.com/api/v3/   |https://ghe.acme.com|https://ghe.acme.com/api/v3",
        "GITHUB_ENTERPRISE|ghe.acme.com:8443/acme/api.git |https://ghe.acme.com:8443|https://ghe.acme.com:8443/api/v3",
        "GITHUB_ENTERPRISE|https://octocorp.ghe.com       |https://octocorp.ghe.com|https://api.octocorp.ghe.com",
        "GITHUB_ENTERPRISE|https://api.octocorp.ghe.com   |https://octocorp.ghe.com|https://api.octocorp.ghe.com",
        "GITLAB|                                          |https://gitlab.com|https://gitlab.com/api/v4",
        "GITLAB|https://gitlab.com/group/sub/project.git  |https://gitlab.com|https://gitlab.com/api/v4",
        "GITLAB|https://gitlab.acme.com/                  |https://gitlab.acme.com|https://gitlab.acme.com/api/v4",
        "GITLAB|https://acme.com/gitlab                   |https://acme.com/gitlab|https://acme.com/gitlab/api/v4",
        "GITLAB|https://acme.com/gitlab/api/v4            |https://acme.com/gitlab|https://acme.com/gitlab/api/v4",
        "GITLAB|https://gitlab.acme.com/group/project.git |https://gitlab.acme.com|https://gitlab.acme.com/api/v4",
        "GITLAB|https://gitlab.acme.com/group/project/-/tree/main|https://gitlab.acme.com/group/project|https://gitlab.acme.com/group/project/api/v4",
        "BITBUCKET_CLOUD|                                 |https://bitbucket.org|https://api.bitbucket.org/2.0",
        "BITBUCKET_CLOUD|https://bitbucket.org/ws/repo.git|https://bitbucket.org|https://api.bitbucket.org/2.0",
        "BITBUCKET_CLOUD|https://api.bitbucket.org/2.0/   |https://bitbucket.org|https://api.bitbucket.org/2.0",
        "BITBUCKET_DATA_CENTER|https://bb.acme.com        |https://bb.acme.com|https://bb.acme.com/rest/api/latest",
        "BITBUCKET_DATA_CENTER|https://acme.com/bitbucket/scm/PROJ/repo.git|https://acme.com/bitbucket|https://acme.com/bitbucket/rest/api/latest",
        "BITBUCKET_DATA_CENTER|https://bb.acme.com/projects/PROJ/repos/repo/browse|https://bb.acme.com|https://bb.acme.com/rest/api/latest",
        "BITBUCKET_DATA_CENTER|https://bb.acme.com/rest/api/latest|https://bb.acme.com|https://bb.acme.com/rest/api/latest",
        "AZURE_DEVOPS|https://dev.azure.com/acme          |https://dev.azure.com/acme|https://dev.azure.com/acme",
        "AZURE_DEVOPS|https://build@dev.azure.com/acme/Platform/_git/api|https://dev.azure.com/acme|https://dev.azure.com/acme",
        "AZURE_DEVOPS|https://acme.visualstudio.com/      |https://acme.visualstudio.com|https://acme.visualstudio.com",
        "AZURE_DEVOPS|https://tfs.acme.com/tfs/DefaultCollection|https://tfs.acme.com/tfs/DefaultCollection|https://tfs.acme.com/tfs/DefaultCollection",
        "AZURE_DEVOPS|https://tfs.acme.com/tfs/DefaultCollection/Platform/_git/api|https://tfs.acme.com/tfs/DefaultCollection|https://tfs.acme.com/tfs/DefaultCollection",
        "GITEA|https://gitea.acme.com                     |https://gitea.acme.com|https://gitea.acme.com/api/v1",
        "GITEA|https://acme.com/forgejo/api/v1/           |https://acme.com/forgejo|https://acme.com/forgejo/api/v1",
        "GITEA|https://acme.com/forgejo/owner/repo.git    |https://acme.com/forgejo|https://acme.com/forgejo/api/v1",
        "GITEA|http://127.0.0.1:3000                      |http://127.0.0.1:3000|http://127.0.0.1:3000/api/v1",
    })
    void resolvesWhatUsersType(HostKind kind, String input, String server, String api) {
        HostEndpoint endpoint = HostCatalog.resolve(kind, input);
        assertEquals(kind, endpoint.kind());
        assertEquals(server, endpoint.serverUrl());
        assertEquals(api, endpoint.apiBaseUrl());
    }

    @ParameterizedTest(name = "{0} ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "GITHUB|https://ghe.acme.com|choose GitHub Enterprise Server",
        "GITHUB_ENTERPRISE|https://github.com/acme|choose the GitHub host kind",
        "GITHUB_ENTERPRISE||needs the server URL",
        "BITBUCKET_CLOUD|https://bb.acme.com|choose Bitbucket Data Center",
        "BITBUCKET_DATA_CENTER|https://bitbucket.org/ws|choose the Bitbucket Cloud host kind",
        "AZURE_DEVOPS|https://dev.azure.com/|has no organisation",
        "AZURE_DEVOPS||Azure DevOps needs the server URL. Enter the organisation URL",
        "AZURE_DEVOPS|https://tfs.acme.com/|has no collection",
        "GITLAB|git@gitlab.com:group/project.git|SSH URL",
        "GITEA|ftp://gitea.acme.com|must start with https://",
        "GITEA|https://|not a URL",
    })
    void rejectsInputWithTheAcceptedForms(HostKind kind, String input, String expected) {
        InvalidHostInputException e =
                assertThrows(InvalidHostInputException.class, () -> HostCatalog.resolve(kind, input));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("'null'"), e.getMessage());
        assertFalse(e.getMessage().contains("''"), e.getMessage());
    }

    @Test
    void gitOriginIsSchemeHostAndPortOnly() {
        assertEquals("https://dev.azure.com", HostCatalog.resolve(HostKind.AZURE_DEVOPS, "dev.azure.com/acme").gitOrigin());
        assertEquals("http://127.0.0.1:3000", HostCatalog.resolve(HostKind.GITEA, "http://127.0.0.1:3000/x").gitOrigin());
        assertEquals("https://acme.com", HostCatalog.resolve(HostKind.GITLAB, "https://acme.com/gitlab").gitOrigin());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "GITHUB_CLASSIC_PAT, ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "GITHUB_FINE_GRAINED_PAT, github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUV",
        "GITHUB_INSTALLATION, ghs_16C7e42F292c6912E7710c838347Ae178B4a",
        "GITHUB_INSTALLATION, ghs_eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJnaXRodWIifQ.c2lnbmF0dXJl",
        "GITHUB_OAUTH, gho_16C7e42F292c6912E7710c838347Ae178B4a",
        "GITHUB_USER_TO_SERVER, ghu_16C7e42F292c6912E7710c838347Ae178B4a",
        "GITLAB_ACCESS_TOKEN, glpat-xYz12AbCdEfGhIjKlMnO",
        "GITLAB_DEPLOY_TOKEN, gldt-xYz12AbCdEfGhIjKlMnO",
        "BITBUCKET_API_TOKEN, ATATT3xFfGF0abcdefghijklmnop",
        "BITBUCKET_ACCESS_TOKEN, ATCTT3xFfGN0abcdefghijklmnop",
        "BITBUCKET_APP_PASSWORD, ATBBmnopqrstuvwxyz0123456789",
        "AZURE_DEVOPS_PAT, abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst",
    })
    void detectsTokenKindsFromVendorFormats(TokenKind expected, String token) {
        assertEquals(expected, HostCatalog.detectTokenKind(SecretText.of(token)).orElseThrow());
    }

    @Test
    void detectsTheNewAzureDevOpsPatFormat() {
        String pat = "A".repeat(76) + "AZDO" + "Xy12";
        assertEquals(TokenKind.AZURE_DEVOPS_PAT, HostCatalog.detectTokenKind(SecretText.of(pat)).orElseThrow());
    }

    @Test
    void refusesATokenOfAnotherHostWithoutEchoingIt() {
        String token = "glpat-S3cr3tV4lu3ThatMustNotLeak";
        InvalidHostInputException e = assertThrows(InvalidHostInputException.class,
                () -> HostCatalog.requireTokenKind(HostKind.GITHUB, SecretText.of(token), null));
        assertTrue(e.getMessage().contains("GitLab"), e.getMessage());
        assertTrue(e.getMessage().contains("GitHub"), e.getMessage());
        assertFalse(e.getMessage().contains("S3cr3t"), e.getMessage());
    }

    @Test
    void refusesKindsThatCannotAuthenticate() {
        assertTrue(assertThrows(InvalidHostInputException.class,
                        () -> HostCatalog.requireTokenKind(HostKind.GITHUB, SecretText.of("ghr_abc123"), null))
                .getMessage().contains("refresh token"));
        assertTrue(assertThrows(InvalidHostInputException.class,
                        () -> HostCatalog.requireTokenKind(HostKind.GITLAB, SecretText.of("glptt-abc123"), null))
                .getMessage().contains("trigger pipelines"));
    }

    @Test
    void declaredKindMustAgreeWithTheTokenFormat() {
        SecretText fineGrained = SecretText.of("github_pat_11ABC_def");
        InvalidHostInputException e = assertThrows(InvalidHostInputException.class,
                () -> HostCatalog.requireTokenKind(HostKind.GITHUB, fineGrained, TokenKind.GITHUB_CLASSIC_PAT));
        assertTrue(e.getMessage().contains("fine-grained"), e.getMessage());
        // Bitbucket Data Center tokens share one prefix: the declared scope decides.
        assertEquals(TokenKind.BITBUCKET_DC_PROJECT_TOKEN, HostCatalog.requireTokenKind(
                HostKind.BITBUCKET_DATA_CENTER, SecretText.of("BBDC-MTIzNDU2Nzg5"), TokenKind.BITBUCKET_DC_PROJECT_TOKEN));
    }

    @Test
    void anAppPasswordPastedAsAnApiTokenIsRefusedWithWhatToCreateInstead() {
        InvalidHostInputException e = assertThrows(InvalidHostInputException.class, () -> HostCatalog.requireTokenKind(
                HostKind.BITBUCKET_CLOUD, SecretText.of("ATBBsecretAppPassword123"), TokenKind.BITBUCKET_API_TOKEN));
        assertTrue(e.getMessage().contains("removed app passwords on 2026-07-28"), e.getMessage());
        assertTrue(e.getMessage().contains("create an API token"), e.getMessage());
        assertFalse(e.getMessage().contains("secretAppPassword"), e.getMessage());
    }

    @Test
    void fallsBackToEachHostsDefaultKind() {
        assertEquals(TokenKind.GITHUB_CLASSIC_PAT, HostCatalog.requireTokenKind(
                HostKind.GITHUB_ENTERPRISE, SecretText.of("0123456789abcdef0123456789abcdef01234567"), null));
        assertEquals(TokenKind.GITLAB_ACCESS_TOKEN,
                HostCatalog.requireTokenKind(HostKind.GITLAB, SecretText.of("acme-custom-prefix-123"), null));
        assertEquals(TokenKind.GITEA_TOKEN, HostCatalog.requireTokenKind(
                HostKind.GITEA, SecretText.of("0123456789abcdef0123456789abcdef01234567"), null));
        assertThrows(InvalidHostInputException.class,
                () -> HostCatalog.requireTokenKind(HostKind.GITHUB, SecretText.of("not-a-github-token"), null));
        assertThrows(InvalidHostInputException.class,
                () -> HostCatalog.requireTokenKind(HostKind.BITBUCKET_CLOUD, SecretText.of("mystery"), null));
    }

    @Test
    void refusesTokensWithLineBreaks() {
        InvalidHostInputException e = assertThrows(InvalidHostInputException.class,
                () -> HostCatalog.requireTokenKind(HostKind.GITEA, SecretText.of("abc\ndef"), null));
        assertTrue(e.getMessage().contains("line breaks"));
        assertFalse(e.getMessage().contains("abc"));
    }

    @Test
    void restAuthenticationFollowsEachHost() {
        SecretText t = SecretText.of("tok123");
        assertEquals("Bearer tok123", HostCatalog.restAuthentication(
                HostKind.GITHUB, TokenKind.GITHUB_CLASSIC_PAT, t, null, null).headerValue().reveal());
        HostAuthentication gitlab = HostCatalog.restAuthentication(
                HostKind.GITLAB, TokenKind.GITLAB_ACCESS_TOKEN, t, null, null);
        assertEquals("PRIVATE-TOKEN", gitlab.headerName());
        assertEquals("tok123", gitlab.headerValue().reveal());
        assertEquals("token tok123", HostCatalog.restAuthentication(
                HostKind.GITEA, TokenKind.GITEA_TOKEN, t, null, null).headerValue().reveal());
        assertEquals(basic("", "tok123"), HostCatalog.restAuthentication(
                HostKind.AZURE_DEVOPS, TokenKind.AZURE_DEVOPS_PAT, t, null, null).headerValue().reveal());
        assertEquals(basic("me@acme.com", "tok123"), HostCatalog.restAuthentication(
                HostKind.BITBUCKET_CLOUD, TokenKind.BITBUCKET_API_TOKEN, t, "bbuser", "me@acme.com").headerValue().reveal());
        assertEquals("Bearer tok123", HostCatalog.restAuthentication(
                HostKind.BITBUCKET_DATA_CENTER, TokenKind.BITBUCKET_DC_REPOSITORY_TOKEN, t, null, null).headerValue().reveal());
        InvalidHostInputException noEmail = assertThrows(InvalidHostInputException.class, () -> HostCatalog.restAuthentication(
                HostKind.BITBUCKET_CLOUD, TokenKind.BITBUCKET_API_TOKEN, t, "bbuser", null));
        assertTrue(noEmail.getMessage().contains("email"));
    }

    @Test
    void gitLoginFollowsEachHostsUsernameConvention() {
        SecretText t = SecretText.of("tok123");
        assertEquals("x-access-token", basicUser(HostCatalog.gitLogin(HostKind.GITHUB, TokenKind.GITHUB_INSTALLATION, t, "ignored")));
        assertEquals("octocat", basicUser(HostCatalog.gitLogin(HostKind.GITHUB, TokenKind.GITHUB_CLASSIC_PAT, t, "octocat")));
        assertEquals("oauth2", basicUser(HostCatalog.gitLogin(HostKind.GITLAB, TokenKind.GITLAB_ACCESS_TOKEN, t, " ")));
        assertEquals("x-token-auth", basicUser(HostCatalog.gitLogin(HostKind.BITBUCKET_CLOUD, TokenKind.BITBUCKET_ACCESS_TOKEN, t, null)));
        assertEquals("x-bitbucket-api-token-auth", basicUser(HostCatalog.gitLogin(HostKind.BITBUCKET_CLOUD, TokenKind.BITBUCKET_API_TOKEN, t, null)));
        assertEquals("bbuser", basicUser(HostCatalog.gitLogin(HostKind.BITBUCKET_CLOUD, TokenKind.BITBUCKET_API_TOKEN, t, "bbuser")));
        assertInstanceOf(GitLogin.BearerHeader.class,
                HostCatalog.gitLogin(HostKind.BITBUCKET_DATA_CENTER, TokenKind.BITBUCKET_DC_PROJECT_TOKEN, t, "someone"));
        assertEquals("jdoe", basicUser(HostCatalog.gitLogin(HostKind.BITBUCKET_DATA_CENTER, TokenKind.BITBUCKET_DC_PERSONAL_TOKEN, t, "jdoe")));
        assertEquals("pat", basicUser(HostCatalog.gitLogin(HostKind.AZURE_DEVOPS, TokenKind.AZURE_DEVOPS_PAT, t, null)));
        assertThrows(InvalidHostInputException.class,
                () -> HostCatalog.gitLogin(HostKind.GITLAB, TokenKind.GITEA_TOKEN, t, null));
    }

    @Test
    void secretsStayOutOfToString() {
        SecretText t = SecretText.of("supersecret-value");
        assertEquals("****", t.toString());
        assertFalse(HostAuthentication.bearer(t).toString().contains("supersecret"));
        assertFalse(HostCatalog.gitLogin(HostKind.GITHUB, TokenKind.GITHUB_CLASSIC_PAT, t, null).toString().contains("supersecret"));
        assertFalse(new GitLogin.BearerHeader(t).toString().contains("supersecret"));
    }

    private static String basicUser(GitLogin login) {
        return assertInstanceOf(GitLogin.Basic.class, login).username();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
