package io.jenkins.plugins.githostcredentials.core.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

class InstallationLookupTest extends FakeGitHubTestBase {

    @Test
    void findsInstallationByIdAndReadsItsGrants() throws Exception {
        Installation installation = tokens.findInstallation(app, InstallationLocator.byId(USER_INSTALLATION));
        assertEquals(USER_INSTALLATION, installation.id());
        assertEquals("octocat", installation.account());
        assertEquals("User", installation.accountType());
        assertEquals("selected", installation.repositorySelection());
        assertEquals(Map.of("contents", "read", "metadata", "read"), installation.permissions());
        assertFalse(installation.suspended());

        RecordedRequest request = github.nextRequest();
        assertEquals("GET", request.getMethod());
        assertEquals("/api/v3/app/installations/" + USER_INSTALLATION, request.getPath());
        assertEquals("application/vnd.github+json", request.getHeader("Accept"));
        assertEquals("2022-11-28", request.getHeader("X-GitHub-Api-Version"));
        assertTrue(request.getHeader("Authorization").startsWith("Bearer ey"), "authenticated with the app JWT");
    }

    @Test
    void findsOrganizationInstallationByOwner() throws Exception {
        Installation installation = tokens.findInstallation(app, InstallationLocator.byOwner("octo-org"));
        assertEquals(ORG_INSTALLATION, installation.id());
        assertTrue(installation.coversAllRepositories());
        assertEquals(List.of("/api/v3/orgs/octo-org/installation"), paths());
    }

    @Test
    void fallsBackToTheUserInstallationWhenNoOrganizationHasThatName() throws Exception {
        Installation installation = tokens.findInstallation(app, InstallationLocator.byOwner("octocat"));
        assertEquals(USER_INSTALLATION, installation.id());
        assertEquals(List.of("/api/v3/orgs/octocat/installation", "/api/v3/users/octocat/installation"), paths());
    }

    @Test
    void findsInstallationByRepository() throws Exception {
        Installation installation = tokens.findInstallation(app, InstallationLocator.byRepository("octocat", "linguist"));
        assertEquals(USER_INSTALLATION, installation.id());
        assertEquals(List.of("/api/v3/repos/octocat/linguist/installation"), paths());
    }

    @Test
    void notInstalledOnOwnerSaysSo() {
        GitHubAppException error = assertThrows(GitHubAppException.class,
                () -> tokens.findInstallation(app, InstallationLocator.byOwner("someone-else")));
        assertEquals(GitHubAppException.Problem.NOT_INSTALLED, error.problem());
        assertEquals(404, error.status());
        assertTrue(error.getMessage().contains("not installed on the organization or user 'someone-else'"), error.getMessage());
        assertTrue(error.getMessage().contains("Install it"), error.getMessage());
    }

    @Test
    void repositoryOutsideASelectedInstallationIsExplained() {
        GitHubAppException error = assertThrows(GitHubAppException.class,
                () -> tokens.findInstallation(app, InstallationLocator.byRepository("octocat", "secret-diary")));
        assertEquals(GitHubAppException.Problem.NOT_INSTALLED, error.problem());
        assertTrue(error.getMessage().contains("octocat/secret-diary"), error.getMessage());
        assertTrue(error.getMessage().contains("add this repository"), error.getMessage());
    }

    @Test
    void unknownInstallationIdIsExplained() {
        GitHubAppException error = assertThrows(GitHubAppException.class,
                () -> tokens.lease(app, TokenRequest.of(InstallationLocator.byId(999))));
        assertEquals(GitHubAppException.Problem.NOT_INSTALLED, error.problem());
        assertTrue(error.getMessage().contains("Installation 999"), error.getMessage());
        assertTrue(error.getMessage().contains("uninstalled"), error.getMessage());
    }

    @Test
    void leasesByOwnerAndRepositoryLookUpOnceThenUseTheRememberedId() throws Exception {
        TokenRequest byOwner = TokenRequest.of(InstallationLocator.byOwner("octocat"));
        TokenRequest byRepository = TokenRequest.of(InstallationLocator.byRepository("octo-org", "api"));
        for (int i = 0; i < 3; i++) {
            try (TokenLease user = tokens.lease(app, byOwner); TokenLease org = tokens.lease(app, byRepository)) {
                assertEquals(USER_INSTALLATION, user.installationId());
                assertEquals(ORG_INSTALLATION, org.installationId());
            }
        }
        assertEquals(3, github.lookups.get(), "orgs + users for octocat, repos for octo-org/api, then remembered");
    }

    @Test
    void lookupCacheIsBounded() throws Exception {
        InstallationTokens small = newTokens(new TokenCacheSettings(
                java.time.Duration.ofMinutes(45), java.time.Duration.ofMinutes(5), 10, 1, java.time.Duration.ZERO));
        small.lease(app, TokenRequest.of(InstallationLocator.byOwner("octo-org"))).release();
        small.lease(app, TokenRequest.of(InstallationLocator.byOwner("octocat"))).release();
        small.lease(app, TokenRequest.of(InstallationLocator.byOwner("octo-org"))).release();
        // octo-org (1) + octocat (2: orgs then users) + octo-org again, since only one answer is remembered
        assertEquals(4, github.lookups.get());
    }

    private List<String> paths() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        for (int i = github.server.getRequestCount(); i > 0; i--) {
            paths.add(github.nextRequest().getPath());
        }
        return paths;
    }
}
