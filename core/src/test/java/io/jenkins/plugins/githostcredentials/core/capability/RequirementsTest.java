package io.jenkins.plugins.githostcredentials.core.capability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import io.jenkins.plugins.githostcredentials.core.host.TokenKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequirementsTest {

    @Test
    void capabilityIdsAreTheDocumentedWords() {
        assertEquals(List.of("checkout", "push", "commit-status", "pull-request-comment", "checks", "read-user"),
                Arrays.stream(Capability.values()).map(Capability::id).toList());
    }

    @Test
    void parsesCapabilitiesProfilesAndRawPermissions() {
        Requirements required = Requirements.parse(List.of(
                "Checkout", "commit-status, push", "atlantis", "github:pull_requests=write", "gitlab:api",
                "bitbucket:pullrequest:write", "bitbucket-dc:repo_write", "azure:vso.code_write", "forgejo:write:repository"));

        assertEquals(List.of(Capability.CHECKOUT, Capability.PUSH, Capability.COMMIT_STATUS),
                List.copyOf(required.capabilities()));
        assertEquals(List.of(Profile.ATLANTIS), required.profiles());
        assertEquals(List.of("github:pull_requests=write", "gitlab:api", "bitbucket:pullrequest:write",
                "bitbucket-dc:REPO_WRITE", "azure:vso.code_write", "gitea:write:repository"),
                required.rawPermissions().stream().map(RawPermission::id).toList());
        assertEquals(required, Requirements.parse(required.words()), "words() parses back to the same requirements");
    }

    @Test
    void githubPermissionsAndClassicScopesAreToldApart() {
        RawPermission permission = RawPermission.parse("github:pull_requests:write");
        assertTrue(permission.isGitHubPermission());
        assertEquals("pull_requests:write", permission.wording());
        assertEquals("github:pull_requests=write", permission.id());

        RawPermission scope = RawPermission.parse("github:read:org");
        assertEquals(null, scope.level());
        assertEquals("read:org", scope.wording());
    }

    @Test
    void aWrongWordFailsListingTheValidWords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Requirements.parse(List.of("checkout", "pushh")));
        assertTrue(e.getMessage().startsWith("Unknown requirement 'pushh'. Valid words: checkout, push,"), e.getMessage());
        assertTrue(e.getMessage().contains("atlantis"));
        assertTrue(e.getMessage().contains("github:NAME=LEVEL"));
    }

    @Test
    void gitHubPermissionsAreTheSchemasNamesWithTheirLevels() {
        // names of schema app-permissions (github/rest-api-description) that this list once refused
        for (String word : List.of("github:artifact_metadata=read", "github:code_quality=write",
                "github:custom_properties_for_organizations=read",
                "github:enterprise_custom_properties_for_organizations=admin",
                "github:organization_copilot_agent_settings=write", "github:team_discussions=read")) {
            assertEquals(List.of(word), Requirements.parse(List.of(word)).words());
        }
        // names that are not GitHub App permissions
        for (String name : List.of("custom_properties", "actions_variables", "organization_actions_variables",
                "copilot_messages")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Requirements.parse(List.of("github:" + name + "=read")));
            assertTrue(e.getMessage().contains("Unknown GitHub permission '" + name + "'"), e.getMessage());
        }
        // levels the schema's enum does not allow for the name, answered with the levels it allows
        assertLevelRefused("github:workflows=read", "GitHub allows write for it");
        assertLevelRefused("github:organization_plan=write", "GitHub allows read for it");
        assertLevelRefused("github:contents=admin", "GitHub allows read or write for it");
        assertLevelRefused("github:profile=read", "GitHub allows write for it");
        assertEquals(List.of("github:repository_projects=admin"),
                Requirements.parse(List.of("github:repository_projects:admin")).words());
    }

    private static void assertLevelRefused(String word, String allowed) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Requirements.parse(List.of(word)));
        assertTrue(e.getMessage().startsWith("In '" + word + "': Permission '"), e.getMessage());
        assertTrue(e.getMessage().contains(allowed), e.getMessage());
    }

    @Test
    void aWrongRawPermissionNamesTheHostsVocabulary() {
        IllegalArgumentException scope = assertThrows(IllegalArgumentException.class,
                () -> Requirements.parse(List.of("gitlab:apii")));
        assertTrue(scope.getMessage().contains("Unknown GitLab scope 'apii'"), scope.getMessage());
        assertTrue(scope.getMessage().contains("read_repository"), scope.getMessage());

        IllegalArgumentException level = assertThrows(IllegalArgumentException.class,
                () -> Requirements.parse(List.of("github:contents=full")));
        assertTrue(level.getMessage().contains("GitHub allows read or write for it"), level.getMessage());

        IllegalArgumentException host = assertThrows(IllegalArgumentException.class,
                () -> Requirements.parse(List.of("sourceforge:read")));
        assertTrue(host.getMessage().contains("Unknown host 'sourceforge'"), host.getMessage());

        IllegalArgumentException permission = assertThrows(IllegalArgumentException.class,
                () -> Requirements.parse(List.of("github:pullrequests=write")));
        assertTrue(permission.getMessage().contains("Unknown GitHub permission 'pullrequests'"), permission.getMessage());
    }

    @Test
    void noneAndBlankWordsAreEmpty() {
        assertTrue(Requirements.none().isEmpty());
        assertTrue(Requirements.parse(Arrays.asList(" ", null, "")).isEmpty());
    }

    @Test
    void atlantisAsksForWhatAtlantisDocumentsPerHost() {
        Requirements atlantis = Requirements.parse(List.of("atlantis"));
        assertEquals(List.of("github:repo"), ids(atlantis.needsFor(HostKind.GITHUB, TokenKind.GITHUB_CLASSIC_PAT)));
        assertEquals(List.of("github:statuses=write", "github:contents=read", "github:metadata=read",
                "github:pull_requests=write"), ids(atlantis.needsFor(HostKind.GITHUB, TokenKind.GITHUB_FINE_GRAINED_PAT)));
        assertEquals(10, atlantis.needsFor(HostKind.GITHUB_ENTERPRISE, TokenKind.GITHUB_INSTALLATION).size());
        assertEquals(List.of("gitlab:api"), ids(atlantis.needsFor(HostKind.GITLAB, TokenKind.GITLAB_ACCESS_TOKEN)));
        assertEquals(List.of("gitea:write:issue", "gitea:write:repository", "gitea:read:user"),
                ids(atlantis.needsFor(HostKind.GITEA, TokenKind.GITEA_TOKEN)));
        assertEquals(List.of("azure:vso.code_write", "azure:vso.code_status", "azure:vso.memberentitlementmanagement"),
                ids(atlantis.needsFor(HostKind.AZURE_DEVOPS, TokenKind.AZURE_DEVOPS_PAT)));
        assertEquals(List.of("bitbucket-dc:PROJECT_READ", "bitbucket-dc:REPO_WRITE"),
                ids(atlantis.needsFor(HostKind.BITBUCKET_DATA_CENTER, TokenKind.BITBUCKET_DC_PERSONAL_TOKEN)));
        assertEquals(List.of("bitbucket:pullrequest:write"),
                ids(atlantis.needsFor(HostKind.BITBUCKET_CLOUD, TokenKind.BITBUCKET_ACCESS_TOKEN)));
    }

    @Test
    void needsAreDeduplicated() {
        Requirements required = Requirements.parse(List.of("gitlab:api", "atlantis", "checkout", "checkout"));
        assertEquals(List.of("checkout", "gitlab:api"), ids(required.needsFor(HostKind.GITLAB, TokenKind.GITLAB_ACCESS_TOKEN)));
    }

    private static List<String> ids(List<Need> needs) {
        return needs.stream().map(Need::id).toList();
    }
}
