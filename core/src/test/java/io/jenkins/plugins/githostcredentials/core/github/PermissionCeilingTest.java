package io.jenkins.plugins.githostcredentials.core.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The repository and permission ceiling of a GitHub App credential: its text form and its checks. */
class PermissionCeilingTest {

    private static final PermissionCeiling CEILING = PermissionCeiling.parse("api-*\nweb", """
            # what jobs may get
            contents:write, pull_requests:read
            statuses=write
            """);

    @Test
    void theTextFormTakesLinesCommasAndBothSeparators() {
        assertEquals(List.of("api-*", "web"), CEILING.repositoryPatterns());
        assertEquals(Map.of("contents", "write", "pull_requests", "read", "statuses", "write"), CEILING.permissions());
        assertEquals(CEILING, PermissionCeiling.parse(CEILING.repositoriesText(), CEILING.permissionsText()));
        assertEquals(CEILING, PermissionCeiling.of(List.of("api-*", "web.git"),
                Map.of("contents", "write", "pull_requests", "read", "statuses", "write")));
    }

    @Test
    void emptyMeansNoLimit() {
        PermissionCeiling none = PermissionCeiling.parse(null, "  \n");
        assertSame(PermissionCeiling.none(), none);
        assertTrue(none.isEmpty());
        assertEquals(List.of(), none.check(List.of(), Map.of()));
        assertEquals(List.of(), none.check(List.of("anything/at-all"), Map.of("administration", "write")));
    }

    @Test
    void requestsWithinTheCeilingPass() {
        assertEquals(List.of(), CEILING.check(List.of("api-gateway", "acme/web", "API-Users"),
                Map.of("contents", "read", "pull_requests", "read", "statuses", "write", "metadata", "read")));
    }

    @Test
    void aHigherLevelIsNamedWithTheCeiling() {
        assertEquals(List.of("pull_requests:write exceeds the ceiling pull_requests:read set on this credential."),
                CEILING.check(List.of("web"), Map.of("pull_requests", "write")));
    }

    @Test
    void aPermissionOutsideTheCeilingIsNamedWithWhatIsAllowed() {
        assertEquals(List.of("administration:read is not among the permissions this credential allows: contents:write, "
                        + "pull_requests:read, statuses:write."),
                CEILING.check(List.of("web"), Map.of("administration", "read")));
    }

    @Test
    void aRepositoryOutsideTheCeilingIsNamedWithThePatterns() {
        assertEquals(List.of("repository foo/bar is not among the repositories this credential allows: api-*, web."),
                CEILING.check(List.of("foo/bar"), Map.of("contents", "read")));
        assertEquals(List.of("repository acme/webshop is not among the repositories this credential allows: api-*, web."),
                CEILING.check("acme", List.of("webshop"), Map.of("contents", "read")));
    }

    @Test
    void everyViolationIsReported() {
        List<String> violations = CEILING.check(List.of("api", "infra", "web"),
                Map.of("contents", "write", "pull_requests", "write", "checks", "write"));
        assertEquals(List.of(
                "repository api is not among the repositories this credential allows: api-*, web.",
                "repository infra is not among the repositories this credential allows: api-*, web.",
                "checks:write is not among the permissions this credential allows: contents:write, pull_requests:read, "
                        + "statuses:write.",
                "pull_requests:write exceeds the ceiling pull_requests:read set on this credential."), violations);
    }

    @Test
    void askingForEverythingExceedsALimitedCeiling() {
        List<String> violations = CEILING.check(List.of(), Map.of());
        assertEquals(2, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("every repository the installation covers"), violations.get(0));
        assertTrue(violations.get(0).contains("repositories: ['web']"), violations.get(0));
        assertTrue(violations.get(1).contains("every permission the installation has"), violations.get(1));

        assertEquals(CEILING.permissions(), CEILING.permissionsToRequest(Map.of()),
                "with no permissions asked, the ceiling's are asked for");
        assertEquals(Map.of("contents", "read"), CEILING.permissionsToRequest(Map.of("contents", "read")));
        assertEquals(Map.of(), PermissionCeiling.none().permissionsToRequest(null));
    }

    @Test
    void aRepositoryOnlyCeilingLeavesPermissionsFree() {
        PermissionCeiling repositoriesOnly = PermissionCeiling.parse("acme/*", "");
        assertTrue(repositoriesOnly.limitsRepositories());
        assertFalse(repositoriesOnly.limitsPermissions());
        assertEquals(List.of(), repositoriesOnly.check(List.of("acme/anything"), Map.of()));
        assertEquals(List.of(), repositoriesOnly.check("ACME", List.of("anything"), Map.of("administration", "write")));
    }

    @Test
    void ownerPatternsNeedTheOwner() {
        PermissionCeiling ownerPinned = PermissionCeiling.parse("acme/api", null);
        assertTrue(ownerPinned.allowsRepository(null, "acme/api"));
        assertTrue(ownerPinned.allowsRepository("acme", "api"));
        assertFalse(ownerPinned.allowsRepository(null, "api"), "without the owner a pinned owner cannot be confirmed");
        assertFalse(ownerPinned.allowsRepository("evil", "api"));
        assertFalse(ownerPinned.allowsRepository(null, "evil/api"));
    }

    @Test
    void wildcardsStayWithinOneSegmentAndMatchLiterally() {
        PermissionCeiling ceiling = PermissionCeiling.parse("*-service, app.v1", null);
        assertTrue(ceiling.allowsRepository(null, "billing-service"));
        assertTrue(ceiling.allowsRepository(null, "-service"));
        assertFalse(ceiling.allowsRepository(null, "billing-services"));
        assertTrue(ceiling.allowsRepository(null, "app.v1"));
        assertFalse(ceiling.allowsRepository(null, "appxv1"), "a dot is a dot, not any character");
        assertTrue(PermissionCeiling.parse("*", null).allowsRepository("acme", "x"));
    }

    @Test
    void aNarrowingIsCheckedAsItWillBeSent() {
        Narrowing narrowing = new Narrowing(Set.of("api-users"), Map.of("contents", "write"));
        assertEquals(List.of(), CEILING.check("acme", narrowing));
        assertEquals(1, CEILING.check("acme", Narrowing.repositories(Set.of("infra")).withPermissions(
                Map.of("contents", "read"))).size());
    }

    @Test
    void requireThrowsWithEveryViolationAndWhoCanChangeIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CEILING.require("acme", List.of("infra"), Map.of("checks", "write")));
        assertTrue(e.getMessage().contains("repository acme/infra is not among"), e.getMessage());
        assertTrue(e.getMessage().contains("checks:write is not among"), e.getMessage());
        assertTrue(e.getMessage().contains("An administrator can raise the credential's ceiling"), e.getMessage());
        CEILING.require("acme", List.of("web"), Map.of("statuses", "write"));
    }

    @Test
    void mistakesInTheTextAreAllReportedWithAFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PermissionCeiling.parse(
                "acme/api/extra\nok, bad name", "contents\npull_request:write\nworkflows:read\nissues:read, issues:write"));
        String message = e.getMessage();
        assertTrue(message.contains("'acme/api/extra' is not a repository"), message);
        assertTrue(message.contains("'bad name' is not a repository"), message);
        assertTrue(message.contains("'contents' is not a permission: write NAME:LEVEL"), message);
        assertTrue(message.contains("'pull_request' is not a GitHub App permission (did you mean pull_requests"), message);
        assertTrue(message.contains("Permission 'workflows' cannot be 'read'"), message);
        assertTrue(message.contains("'issues' is given twice (read and write)"), message);
    }

    @Test
    void toStringSaysWhatIsLimited() {
        assertEquals("PermissionCeiling[none]", PermissionCeiling.none().toString());
        assertEquals("PermissionCeiling[repositories=[acme/*], permissions=any]",
                PermissionCeiling.parse("acme/*", "").toString());
    }
}
