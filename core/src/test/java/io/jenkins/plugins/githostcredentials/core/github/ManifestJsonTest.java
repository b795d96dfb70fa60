package io.jenkins.plugins.githostcredentials.core.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifest JSON: permissions from requirement words, webhook on and off, events, and validation messages. */
class ManifestJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static AppManifest.Builder jenkins() {
        return AppManifest.builder()
                .name("Jenkins ci.example.com")
                .homepageUrl("https://ci.example.com/")
                .redirectUrl("https://ci.example.com/git-host-credentials/manifest/callback");
    }

    private static JsonNode json(AppManifest manifest) throws Exception {
        return JSON.readTree(manifest.json());
    }

    @Test
    void suggestedNameIsJenkinsAndTheControllersHostCutToGitHubsLimit() {
        assertEquals("Jenkins ci.example.com", AppManifest.suggestedName("https://ci.example.com:8443/jenkins/"));
        String longHost = "build-controller-number-seven.internal.example.com";
        String cut = AppManifest.suggestedName("https://" + longHost + "/");
        assertEquals(AppManifest.MAX_NAME_LENGTH, cut.length());
        assertTrue(cut.startsWith("Jenkins build-controller"), cut);
        assertEquals("Jenkins", AppManifest.suggestedName(null));
        assertEquals("Jenkins", AppManifest.suggestedName("not a url"));
        AppManifest.builder().name(cut).homepageUrl("https://" + longHost + "/")
                .redirectUrl("https://" + longHost + "/github-app-manifest/callback").build();
    }

    @Test
    void capabilitiesBecomeGitHubAppPermissionsWithMetadataRead() throws Exception {
        AppManifest manifest = jenkins()
                .require(List.of("checkout", "commit-status", "pull-request-comment", "checks"))
                .build();

        assertEquals(Map.of("contents", "read", "metadata", "read", "statuses", "write", "pull_requests", "write",
                "checks", "write"), manifest.permissions());
        JsonNode root = json(manifest);
        assertEquals("Jenkins ci.example.com", root.path("name").asText());
        assertEquals("https://ci.example.com/", root.path("url").asText());
        assertEquals("https://ci.example.com/git-host-credentials/manifest/callback", root.path("redirect_url").asText());
        assertFalse(root.path("public").asBoolean(true), "private unless asked");
        assertEquals("write", root.path("default_permissions").path("checks").asText());
        assertEquals("read", root.path("default_permissions").path("metadata").asText());
    }

    @Test
    void theHighestLevelAskedWins() {
        AppManifest manifest = jenkins().require(List.of("checkout", "push", "github:contents=read")).build();

        assertEquals("write", manifest.permissions().get("contents"));
    }

    @Test
    void noWordsStillAsksForMetadata() {
        assertEquals(Map.of("metadata", "read"), jenkins().build().permissions());
    }

    @Test
    void theAtlantisProfileAsksForWhatAtlantisDocumentsForApps() {
        AppManifest manifest = jenkins().require(List.of("atlantis")).build();

        assertEquals(Map.of("administration", "read", "checks", "write", "statuses", "write", "contents", "write",
                "issues", "write", "metadata", "read", "pull_requests", "write", "repository_hooks", "write",
                "members", "read", "actions", "read"), manifest.permissions());
    }

    @Test
    void rawGitHubPermissionsAreTakenAsTheyAre() {
        AppManifest manifest = jenkins().require(List.of("github:workflows=write, github:metadata=read")).build();

        assertEquals(Map.of("workflows", "write", "metadata", "read"), manifest.permissions());
    }

    @Test
    void withoutWebhookThereAreNoHookAttributesAndNoEvents() throws Exception {
        AppManifest manifest = jenkins().require(List.of("checkout", "checks")).build();

        JsonNode root = json(manifest);
        // GitHub rejects hook_attributes without a url even when inactive ('"url" wasn't supplied').
        assertTrue(root.path("hook_attributes").isMissingNode());
        assertTrue(root.path("default_events").isMissingNode());
        assertEquals(List.of(), manifest.events());
    }

    @Test
    void withWebhookOnlyEventsThePermissionsAllowAreSubscribed() throws Exception {
        AppManifest manifest = jenkins()
                .require(List.of("checkout", "commit-status"))
                .webhookUrl("https://ci.example.com/github-webhook/")
                .build();

        JsonNode root = json(manifest);
        assertEquals("https://ci.example.com/github-webhook/", root.path("hook_attributes").path("url").asText());
        assertTrue(root.path("hook_attributes").path("active").asBoolean());
        assertEquals(List.of("push", "create", "delete", "repository", "status"), manifest.events());
        List<String> sent = JSON.convertValue(root.path("default_events"), JSON.getTypeFactory()
                .constructCollectionType(List.class, String.class));
        assertEquals(manifest.events(), sent);
        assertFalse(sent.contains("pull_request"), "no pull_requests permission, so no pull_request event");
    }

    @Test
    void chosenEventsAreCheckedAgainstThePermissions() {
        AppManifest manifest = jenkins().require(List.of("pull-request-comment"))
                .webhookUrl("https://ci.example.com/github-webhook/")
                .events(List.of("pull_request"))
                .build();
        assertEquals(List.of("pull_request"), manifest.events());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> jenkins()
                .require(List.of("checkout"))
                .webhookUrl("https://ci.example.com/github-webhook/")
                .events(List.of("check_run", "installation"))
                .build());
        assertTrue(e.getMessage().contains("'check_run' is not allowed by the app's permissions"), e.getMessage());
        assertTrue(e.getMessage().contains("'installation': GitHub sends it to every app"), e.getMessage());
    }

    @Test
    void eventsWithoutWebhookAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> jenkins().events(List.of("push")).require(List.of("checkout")).build());
        assertTrue(e.getMessage().contains("the webhook is off"), e.getMessage());
    }

    @Test
    void optionalFieldsAppearOnlyWhenSet() throws Exception {
        JsonNode plain = json(jenkins().build());
        assertTrue(plain.path("description").isMissingNode());
        assertTrue(plain.path("setup_url").isMissingNode());

        JsonNode full = json(jenkins().description("Builds for ACME").publicApp(true)
                .setupUrl("https://ci.example.com/git-host-credentials/installed").build());
        assertEquals("Builds for ACME", full.path("description").asText());
        assertTrue(full.path("public").asBoolean());
        assertEquals("https://ci.example.com/git-host-credentials/installed", full.path("setup_url").asText());
    }

    @Test
    void theNameIsAtMost34Characters() {
        assertEquals(34, jenkins().name("x".repeat(34)).build().name().length());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> jenkins().name("Jenkins of the ACME build farm in Berlin").build());
        assertTrue(e.getMessage().contains("has 40 characters; GitHub allows at most 34"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> jenkins().name("  ").build());
    }

    @Test
    void urlsMustBeAbsoluteHttpUrls() {
        for (String bad : List.of("ci.example.com", "/jenkins", "ftp://ci.example.com/", "https://", "javascript:alert(1)",
                "https://admin:secret@ci.example.com/")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> jenkins().homepageUrl(bad).build(), bad);
            assertTrue(e.getMessage().contains("The homepage URL"), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), "user info stays out of messages: " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> jenkins().redirectUrl(null).build());
        IllegalArgumentException webhook = assertThrows(IllegalArgumentException.class,
                () -> jenkins().webhookUrl("github-webhook/").build());
        assertTrue(webhook.getMessage().contains("The webhook URL 'github-webhook/' must be an absolute URL"),
                webhook.getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppManifest.builder()
                .require(List.of("read-user", "github:repo", "gitlab:api", "github:workflows=read"))
                .build());
        String message = e.getMessage();
        assertTrue(message.contains("Enter a name"), message);
        assertTrue(message.contains("homepage URL (the Jenkins root URL) is missing"), message);
        assertTrue(message.contains("redirect URL is missing"), message);
        assertTrue(message.contains("'read-user' cannot be granted to a GitHub App"), message);
        assertTrue(message.contains("'github:repo' is not a GitHub App permission but a classic token scope"), message);
        assertTrue(message.contains("'gitlab:api' is not a GitHub App permission"), message);
        assertTrue(message.contains("Permission 'workflows' cannot be 'read'"), message);
    }

    @Test
    void unknownWordsNameTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> jenkins().require(List.of("deploy")).build());
        assertTrue(e.getMessage().contains("Unknown requirement 'deploy'"), e.getMessage());
        assertTrue(e.getMessage().contains("checkout"), e.getMessage());
    }
}
