package io.jenkins.plugins.githostcredentials.core.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What is checked before GitHub is called: narrowing, installation locators, cache settings. */
class NarrowingTest {

    @Test
    void permissionsFromGitHubsSchemaAreAccepted() {
        Narrowing narrowing = new Narrowing(Set.of(), Map.of(
                "contents", "write", "pull_requests", "write", "statuses", "write", "metadata", "read",
                "workflows", "write", "repository_projects", "admin", "organization_projects", "admin",
                "members", "read", "organization_self_hosted_runners", "write", "attestations", "read"));
        assertEquals("admin", narrowing.permissions().get("repository_projects"));
        assertEquals(10, narrowing.permissions().size());
    }

    @Test
    void levelsAreNormalisedAndChecked() {
        assertEquals(Map.of("contents", "read"), new Narrowing(Set.of(), Map.of("contents", " READ ")).permissions());
        assertMessage(Map.of("workflows", "read"), "'workflows' cannot be 'read': GitHub allows write");
        assertMessage(Map.of("contents", "admin"), "GitHub allows read or write");
        assertMessage(Map.of("organization_plan", "write"), "GitHub allows read for it.");
        assertMessage(Map.of("contents", "none"), "cannot be 'none'");
    }

    @Test
    void unknownPermissionGetsASuggestion() {
        assertMessage(Map.of("content", "read"), "'content' is not a GitHub App permission (did you mean contents?)");
        assertMessage(Map.of("pull-requests", "write"), "did you mean pull_requests?");
        assertMessage(Map.of("commit_statuses", "write"), "not a GitHub App permission");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Narrowing(Set.of(), Map.of("content", "read", "workflows", "read")));
        assertTrue(error.getMessage().contains("content") && error.getMessage().contains("workflows"), error.getMessage());
    }

    @Test
    void repositoriesAreNamesWithoutOwner() {
        assertEquals(Set.of("hello-world", "api.v2", "web_ui"),
                Narrowing.repositories(Set.of("Hello-World", "api.v2.git", " web_ui ")).repositories());
        IllegalArgumentException withOwner = assertThrows(IllegalArgumentException.class,
                () -> Narrowing.repositories(Set.of("octo-org/hello-world")));
        assertTrue(withOwner.getMessage().contains("give the repository name alone ('hello-world')"), withOwner.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Narrowing.repositories(Set.of("hello world")));
        assertTrue(bad.getMessage().contains("not a repository name"), bad.getMessage());
    }

    @Test
    void atMost500Repositories() {
        Set<String> five00 = IntStream.range(0, 500).mapToObj(i -> "repo-" + i).collect(Collectors.toSet());
        assertEquals(500, Narrowing.repositories(five00).repositories().size());
        Set<String> five01 = new HashSet<>(five00);
        five01.add("one-more");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Narrowing.repositories(five01));
        assertTrue(error.getMessage().contains("at most 500 repositories, but 501"), error.getMessage());
    }

    @Test
    void nullsMeanNoNarrowing() {
        assertTrue(new Narrowing(null, null).isEmpty());
        assertEquals(Narrowing.none(), new TokenRequest(InstallationLocator.byId(1), null).narrowing());
        assertEquals("{}", GitHubAppApi.mintBody(Narrowing.none()));
    }

    @Test
    void permissionCatalogCoversRepositoryAndOrganizationPermissions() {
        for (String name : List.of("actions", "administration", "attestations", "checks", "codespaces", "contents",
                "dependabot_secrets", "deployments", "environments", "issues", "merge_queues", "metadata", "packages",
                "pages", "pull_requests", "repository_custom_properties", "repository_hooks", "repository_projects",
                "secret_scanning_alerts", "secrets", "security_events", "single_file", "statuses",
                "vulnerability_alerts", "workflows")) {
            assertTrue(AppPermissions.repositoryPermissions().contains(name), name);
        }
        for (String name : List.of("members", "organization_administration", "organization_hooks",
                "organization_projects", "organization_secrets", "organization_self_hosted_runners")) {
            assertTrue(AppPermissions.isKnown(name), name);
            assertFalse(AppPermissions.repositoryPermissions().contains(name), name);
        }
        assertEquals(List.of("write"), AppPermissions.levels("workflows"));
        assertTrue(AppPermissions.covers("write", "read"));
        assertTrue(AppPermissions.covers("admin", "write"));
        assertFalse(AppPermissions.covers("read", "write"));
    }

    @Test
    void installationLocatorsParseWhatAdministratorsType() {
        assertEquals(InstallationLocator.byId(12345678), InstallationLocator.parse(" 12345678 "));
        assertEquals(InstallationLocator.byOwner("octo-org"), InstallationLocator.parse("octo-org"));
        assertEquals(InstallationLocator.byRepository("octo-org", "hello-world"), InstallationLocator.parse("octo-org/hello-world.git"));
        assertThrows(IllegalArgumentException.class, () -> InstallationLocator.parse(""));
        assertThrows(IllegalArgumentException.class, () -> InstallationLocator.parse("a/b/c"));
        assertThrows(IllegalArgumentException.class, () -> InstallationLocator.parse("octo org"));
        assertThrows(IllegalArgumentException.class, () -> InstallationLocator.parse("99999999999999999999"));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> InstallationLocator.byId(0));
        assertTrue(zero.getMessage().contains("settings page"), zero.getMessage());
        assertEquals("the installation covering octo-org/api", InstallationLocator.parse("octo-org/api").describe());
    }

    @Test
    void cacheSettingsAreChecked() {
        TokenCacheSettings defaults = TokenCacheSettings.defaults();
        assertEquals(Duration.ofMinutes(45), defaults.minimumRemainingLifetime());
        assertEquals(1000, defaults.maximumTokens());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> new TokenCacheSettings(Duration.ofMinutes(55), Duration.ofMinutes(5), 10, 10, Duration.ZERO));
        assertTrue(tooLong.getMessage().contains("GitHub tokens live 60 minutes"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TokenCacheSettings(Duration.ZERO, Duration.ZERO, 10, 10, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new TokenCacheSettings(Duration.ofMinutes(1), Duration.ZERO, 0, 10, Duration.ZERO));
        assertEquals(Duration.ofSeconds(30), defaults.linger());
        assertEquals(Duration.ZERO, defaults.withLinger(Duration.ZERO).linger());
        IllegalArgumentException longLinger = assertThrows(IllegalArgumentException.class,
                () -> defaults.withLinger(Duration.ofMinutes(11)));
        assertTrue(longLinger.getMessage().contains("between 0"), longLinger.getMessage());
        assertThrows(IllegalArgumentException.class, () -> defaults.withLinger(Duration.ofSeconds(-1)));
    }

    private static void assertMessage(Map<String, String> permissions, String fragment) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new Narrowing(Set.of(), permissions));
        assertTrue(error.getMessage().contains(fragment), error.getMessage());
    }
}
