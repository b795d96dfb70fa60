package io.jenkins.plugins.githostcredentials.core.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.githostcredentials.core.host.HostKind;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link AppPermissions} against a checked-in copy of the names and levels of schema {@code app-permissions} in
 * GitHub's REST OpenAPI description (github-app-permissions.json; its README says how to refresh it).
 */
class AppPermissionsSchemaTest {

    private static Map<String, List<String>> schema() throws Exception {
        try (InputStream in = AppPermissionsSchemaTest.class.getResourceAsStream("github-app-permissions.json")) {
            assertNotNull(in, "github-app-permissions.json is missing from the test resources");
            Map<String, List<String>> levels = new TreeMap<>();
            new ObjectMapper().readTree(in).properties().forEach(entry -> {
                List<String> enumValues = new ArrayList<>();
                for (JsonNode level : entry.getValue()) {
                    enumValues.add(level.asText());
                }
                levels.put(entry.getKey(), enumValues);
            });
            return levels;
        }
    }

    @Test
    void gitHubComPermissionsAreExactlyTheSchemas() throws Exception {
        Map<String, List<String>> schema = schema();
        Map<String, List<String>> ours = new TreeMap<>(AppPermissions.githubCom());

        List<String> differences = new ArrayList<>();
        for (String name : new TreeSet<>(schema.keySet())) {
            if (!ours.containsKey(name)) {
                differences.add("missing from AppPermissions: " + name + " " + schema.get(name));
            } else if (!ours.get(name).equals(schema.get(name))) {
                differences.add(name + ": AppPermissions allows " + ours.get(name) + ", the schema "
                        + schema.get(name));
            }
        }
        for (String name : ours.keySet()) {
            if (!schema.containsKey(name)) {
                differences.add("not in the schema (removed from api.github.com?): " + name);
            }
        }
        assertEquals(List.of(), differences, "AppPermissions disagrees with github-app-permissions.json; see the "
                + "README next to it");
        assertEquals(55, schema.size(), "the copy taken in December 2026 has 55 names");
    }

    @Test
    void levelsAreWeakestFirstAndKnown() {
        List<String> order = List.of(AppPermissions.READ, AppPermissions.WRITE, AppPermissions.ADMIN);
        AppPermissions.anyGitHub().forEach((name, levels) -> {
            assertFalse(levels.isEmpty(), name);
            assertTrue(order.containsAll(levels), name + " " + levels);
            List<String> sorted = new ArrayList<>(levels);
            sorted.sort((a, b) -> order.indexOf(a) - order.indexOf(b));
            assertEquals(sorted, levels, name);
        });
    }

    @Test
    void teamDiscussionsIsOnlyForGitHubEnterpriseServer() throws Exception {
        assertFalse(schema().containsKey("team_discussions"), "api.github.com no longer has it");
        assertFalse(AppPermissions.offeredBy(HostKind.GITHUB).containsKey("team_discussions"));
        assertEquals(List.of("read", "write"),
                AppPermissions.offeredBy(HostKind.GITHUB_ENTERPRISE).get("team_discussions"));
        assertTrue(AppPermissions.problemWith("team_discussions", "read", HostKind.GITHUB).orElseThrow()
                .contains("exists only on GitHub Enterprise Server"));
        assertTrue(AppPermissions.problemWith("team_discussions", "read", HostKind.GITHUB_ENTERPRISE).isEmpty());
        assertEquals(Map.of(), AppPermissions.offeredBy(HostKind.GITLAB));
    }
}
